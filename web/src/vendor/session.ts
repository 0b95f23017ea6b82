import { reactive } from 'vue';
import { api, type Schemas } from '../shared/api/client';
import { forgetKeptClaims } from './claims-store';
import { load, save } from './storage';

export type Vendor = Schemas['VendorResponse'];

const TOKEN_KEY = 'tidal.vendor.token';
const ME_KEY = 'tidal.vendor.me';
const MUST_CHANGE_KEY = 'tidal.vendor.mustChangePassword';

/** Who is signed in on this phone: the token and the last known profile (kept for use without a connection). */
export const session = reactive({
  token: load<string>(TOKEN_KEY),
  me: load<Vendor>(ME_KEY),
  /** The password is one staff made (the sign-up desk): its owner should choose their own before anything else. */
  mustChangePassword: load<boolean>(MUST_CHANGE_KEY) ?? false,
  /** The password typed at this sign-in while it is a one-time one, to fill the change form's "current" field (memory only). */
  oneTimePassword: null as string | null,
});

api.use({
  onRequest({ request }) {
    if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response, request }) {
    // A token that stopped working (expired, or the password was changed elsewhere): sign in again.
    if (response.status === 401 && request.headers.has('Authorization') && !request.url.endsWith('/api/auth/password')) signOut();
    return response;
  },
});

export function signIn(token: string, mustChangePassword = false): void {
  session.token = token;
  save(TOKEN_KEY, token);
  session.mustChangePassword = mustChangePassword;
  save(MUST_CHANGE_KEY, mustChangePassword || null);
  if (!mustChangePassword) session.oneTimePassword = null;
}

export function rememberMe(me: Vendor): void {
  session.me = me;
  save(ME_KEY, me);
}

export function signOut(): void {
  session.token = null;
  session.me = null;
  session.mustChangePassword = false;
  session.oneTimePassword = null;
  save(TOKEN_KEY, null);
  save(ME_KEY, null);
  save(MUST_CHANGE_KEY, null);
  forgetKeptClaims();
}

/** Fetches the vendor's profile (status, categories); on a network failure the kept one stays. */
export async function refreshMe(): Promise<Vendor | null> {
  const { data } = await api.GET('/api/vendors/me');
  if (data) rememberMe(data);
  return session.me;
}

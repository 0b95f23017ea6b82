import { reactive } from 'vue';
import { api, type Schemas } from '../shared/api/client';
import { forgetKeptClaims } from './claims-store';
import { load, save } from './storage';

export type Vendor = Schemas['VendorResponse'];

const TOKEN_KEY = 'tidal.vendor.token';
const ME_KEY = 'tidal.vendor.me';

/** Who is signed in on this phone: the token and the last known profile (kept for use without a connection). */
export const session = reactive({
  token: load<string>(TOKEN_KEY),
  me: load<Vendor>(ME_KEY),
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

export function signIn(token: string): void {
  session.token = token;
  save(TOKEN_KEY, token);
}

export function rememberMe(me: Vendor): void {
  session.me = me;
  save(ME_KEY, me);
}

export function signOut(): void {
  session.token = null;
  session.me = null;
  save(TOKEN_KEY, null);
  save(ME_KEY, null);
  forgetKeptClaims();
}

/** Fetches the vendor's profile (status, categories); on a network failure the kept one stays. */
export async function refreshMe(): Promise<Vendor | null> {
  const { data } = await api.GET('/api/vendors/me');
  if (data) rememberMe(data);
  return session.me;
}

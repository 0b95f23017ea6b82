import { reactive } from 'vue';
import { api } from '../shared/api/client';

const TOKEN_KEY = 'tidal.console.token';
const USER_KEY = 'tidal.console.user';

/**
 * Who is signed in to the console. Kept in sessionStorage, not localStorage: a desk computer
 * is shared, and closing the browser tab signs the staff member out.
 */
export const session = reactive({
  token: read(TOKEN_KEY),
  username: read(USER_KEY),
});

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // not remembered: the sign-in lasts until the page is reloaded
  }
}

api.use({
  onRequest({ request }) {
    if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response, request }) {
    // A token that stopped working (expired, password changed elsewhere): back to the sign-in screen.
    if (response.status === 401 && request.headers.has('Authorization')) signOut();
    return response;
  },
});

export function signIn(token: string, username: string): void {
  session.token = token;
  session.username = username;
  write(TOKEN_KEY, token);
  write(USER_KEY, username);
}

export function signOut(): void {
  session.token = null;
  session.username = null;
  write(TOKEN_KEY, null);
  write(USER_KEY, null);
}

/** The token for requests the typed client does not make (file downloads: CSV, PDF). */
export function authHeader(): Record<string, string> {
  return session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

import { ALL_ADDRESSES, Throttle } from './login-throttles.repository.js';

const MINUTE = 60_000;

/** Failures in a row from one address that lock that address out of that username… */
export const MAX_FAILURES_PER_ADDRESS = 5;
/** …for this long. */
export const ADDRESS_LOCK_MS = 15 * MINUTE;
/** Failures over all addresses before unfamiliar addresses are slowed down… */
export const FREE_FAILURES_PER_ACCOUNT = 10;
/** …to one checked password per back-off, doubling from a second up to this. */
export const MAX_BACKOFF_MS = 15 * MINUTE;
/** An address the username has logged in from within this long is familiar: the back-off does not apply to it. */
export const FAMILIAR_FOR_MS = 90 * 24 * 60 * MINUTE;

/**
 * The rules of login throttling, pure. Keyed by the username as typed, so an
 * unknown username is answered exactly like a known one.
 *
 * - Per address: the 5th failure in a row locks that address out of that
 *   username for 15 minutes; the owner elsewhere is not locked out.
 * - Per username: past 10 failures in a row over all addresses, an
 *   unfamiliar address gets one password checked per back-off (1 s, 2 s, 4 s…
 *   up to 15 minutes); others are refused unchecked. Addresses the username
 *   logged in from in the last 90 days are familiar and pass: the owner's own
 *   phone or desk still gets in during an attack.
 */
export function isFamiliar(pair: Throttle, now: number): boolean {
  return pair.succeededAt !== null && pair.succeededAt > now - FAMILIAR_FOR_MS;
}

export function backoffMs(accountFailures: number): number {
  const over = accountFailures - FREE_FAILURES_PER_ACCOUNT;
  return over < 0 ? 0 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(over, 20));
}

/** The account's turn for an unfamiliar address: null when it may try now (and the next turn to store), else when it may. */
export function accountTurn(account: Throttle, now: number): { allowed: true; next: number | null } | { allowed: false; at: number } {
  if (account.nextAttemptAt !== null && account.nextAttemptAt > now) return { allowed: false, at: account.nextAttemptAt };
  const wait = backoffMs(account.failures);
  return { allowed: true, next: wait > 0 ? now + wait : null };
}

export { ALL_ADDRESSES };

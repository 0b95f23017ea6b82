import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// N=2^15, r=8, p=1: ≈ 150 ms per check on this 2-core machine, slow enough to make guessing costly.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

/** A slow salted hash, stored as `scrypt$N$r$p$salt$hash` so parameters can change later. */
export async function hashPassword(password: string, n = N): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: MAX_MEMORY });
  return ['scrypt', n, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash of nothing in particular, checked against when the user is unknown so timing does not tell. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Unambiguous lower-case letters and digits (no 0/o, 1/l/i): easy to read out at a desk and type on a phone. */
const GENERATED_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const GENERATED_PASSWORD_LENGTH = 10;
// A generated password has ≈ 49.5 bits of chance (31^10), so a cheap scrypt (≈ 5 ms) leaves an offline guess of one
// at ~10^12 CPU-seconds; the slow parameters above protect passwords people choose. A desk import of 5,000 growers
// then hashes in seconds, not a quarter of an hour. verifyPassword reads N from the stored hash.
const GENERATED_N = 1024;

/** A one-time password for a staff-made account (shown once, never stored in clear). */
export function generatePassword(): string {
  let password = '';
  for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++) password += GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)];
  return password;
}

export function hashGeneratedPassword(password: string): Promise<string> {
  return hashPassword(password, GENERATED_N);
}

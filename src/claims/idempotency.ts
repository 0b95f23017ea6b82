import { createHash } from 'node:crypto';
import { DomainError, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import type { StoredAnswer } from './idempotency.repository.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The header, checked: 1–200 visible ASCII characters, or absent. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw validationFailed('Idempotency-Key must be 1–200 visible ASCII characters', 'Idempotency-Key');
  }
  return header;
}

/** A fingerprint of the request body, independent of key order. */
export function requestHash(body: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(body)
      .sort()
      .map((key) => [key, body[key]]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** The first answer again, or a refusal when the key was used for a different request. */
export function replay<T>(stored: StoredAnswer, hash: string): T {
  if (stored.requestHash !== hash) {
    throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was already used with a different request');
  }
  return JSON.parse(stored.responseBody) as T;
}

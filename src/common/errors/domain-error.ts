import { ErrorCode, statusOf } from './error-code.js';
import type { MessageParams } from './messages.js';

/**
 * A refusal the client can act on: its code is part of the public contract.
 * `message` is the English sentence with its details (the default answer);
 * `params` fill the code's texts in `messages.ts`, which give the Chinese
 * answer (and the English one when `message` is empty).
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
    readonly params: MessageParams = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusOf(code);
  }
}

export function notFound(what: string, id?: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, id === undefined ? `${what} not found` : `${what} ${id} not found`, {}, { what });
}

/** A 400 naming the bad fields (`fields`, as the API spells them) in both languages. */
export function validationFailed(message: string, ...fields: string[]): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, message, {}, fields.length > 0 ? { fields: fields.join(', ') } : {});
}

import { ErrorCode, statusOf } from './error-code.js';

/** A refusal the client can act on: its code is part of the public contract. */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusOf(code);
  }
}

export function notFound(what: string, id?: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, id === undefined ? `${what} not found` : `${what} ${id} not found`);
}

export function validationFailed(message: string): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, message);
}

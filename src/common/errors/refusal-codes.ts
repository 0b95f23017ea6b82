import { ErrorCode } from './error-code.js';

/**
 * Constraint name → the refusal code of a request field that has its own
 * (an `rrule` is INVALID_RECURRENCE); registered by the field decorators,
 * read when validation fails. A request wrong only in such fields answers
 * with that code, any other mix with VALIDATION_FAILED.
 */
const codes = new Map<string, ErrorCode>();

export function registerRefusalCode(constraint: string, code: ErrorCode): void {
  codes.set(constraint, code);
}

export function refusalCodeOf(constraints: string[]): ErrorCode {
  const found = new Set(constraints.map((name) => codes.get(name) ?? ErrorCode.VALIDATION_FAILED));
  return found.size === 1 ? [...found][0] : ErrorCode.VALIDATION_FAILED;
}

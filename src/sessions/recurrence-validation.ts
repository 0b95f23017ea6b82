import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { firstOccurrence } from '../recurrence/expand.js';
import { parseRule, RecurrenceError } from '../recurrence/rule.js';

export const FIRST_OCCURRENCE_HORIZON_YEARS = 10;

/**
 * Refuses a rule that does not parse, a validUntil before validFrom, and a rule
 * with no occurrence in its first ten years (a rule that never produces one).
 */
export function assertValidRecurrence(rrule: string, validFrom: string, validUntil: string | null): void {
  if (validUntil !== null && validUntil < validFrom) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `validUntil (${validUntil}) must not be before validFrom (${validFrom})`);
  }
  let rule;
  try {
    rule = parseRule(rrule);
  } catch (error) {
    if (error instanceof RecurrenceError) throw new DomainError(ErrorCode.INVALID_RECURRENCE, `rrule: ${error.message}`);
    throw error;
  }
  if (firstOccurrence({ rule, validFrom, validUntil }, FIRST_OCCURRENCE_HORIZON_YEARS) === null) {
    throw new DomainError(
      ErrorCode.INVALID_RECURRENCE,
      `rrule ${rule.text} produces no occurrence between ${validFrom} and ${validUntil ?? `${FIRST_OCCURRENCE_HORIZON_YEARS} years later`}`,
    );
  }
}

import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { parseRule, RecurrenceError } from '../recurrence/rule.js';
import { firstRun } from './occurrences.js';
import type { SessionTiming } from './session.js';

export const FIRST_OCCURRENCE_HORIZON_YEARS = 10;

/** Refuses a rule that does not parse (400 INVALID_RECURRENCE) and a validUntil before validFrom. */
export function assertWellFormed(timing: SessionTiming): void {
  if (timing.validUntil !== null && timing.validUntil < timing.validFrom) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `validUntil (${timing.validUntil}) must not be before validFrom (${timing.validFrom})`,
      {},
      { fields: 'validUntil' },
    );
  }
  try {
    parseRule(timing.rrule);
  } catch (error) {
    if (error instanceof RecurrenceError) throw new DomainError(ErrorCode.INVALID_RECURRENCE, `rrule: ${error.message}`);
    throw error;
  }
}

/** Refuses a timing with no run in its first ten years in the zone (a rule that never produces one). */
export function assertRuns(timing: SessionTiming, timezone: string): void {
  if (firstRun(timing, timezone, FIRST_OCCURRENCE_HORIZON_YEARS) === null) {
    throw new DomainError(
      ErrorCode.INVALID_RECURRENCE,
      `rrule ${timing.rrule} produces no occurrence between ${timing.validFrom} and ${timing.validUntil ?? `${FIRST_OCCURRENCE_HORIZON_YEARS} years later`}`,
    );
  }
}

import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import type { Closure } from './closure.js';
import type { ClosureResponse } from './dto/closure.dto.js';

/** A closure spans zones (possibly of several time zones), so its own instants are shown in the service's default zone. */
export function toClosureResponse(closure: Closure): ClosureResponse {
  return {
    id: closure.id,
    date: closure.date,
    reason: closure.reason,
    district: closure.district,
    zoneIds: closure.zoneIds,
    sessionNames: closure.sessionNames,
    occurrences: closure.occurrences,
    claimsCancelled: closure.claimsCancelled,
    createdAt: formatInstant(closure.createdAt, DEFAULT_TIMEZONE),
    restoredAt: closure.restoredAt === null ? null : formatInstant(closure.restoredAt, DEFAULT_TIMEZONE),
  };
}

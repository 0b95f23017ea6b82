import { addDays } from '../recurrence/calendar.js';
import { runDates } from '../sessions/occurrences.js';
import type { Occurrence } from '../sessions/occurrences.js';
import type { MarketSession } from '../sessions/session.js';
import type { Duty } from './roster.js';

/** How far ahead a new duty's rule must meet one of its session's runs (as a session's rule must run at all). */
export const DUTY_HORIZON_YEARS = 10;

/**
 * The dates in [from, to] the duty's own rule matches, counted from its
 * anchor; a UTC UNTIL is read against the session's start time.
 */
export function dutyRuleDates(
  duty: Pick<Duty, 'rrule' | 'anchorDate'>,
  session: MarketSession,
  timezone: string,
  from: string,
  to: string,
): string[] {
  const timing = {
    startTime: session.startTime,
    endTime: session.endTime,
    rrule: duty.rrule,
    validFrom: duty.anchorDate,
    validUntil: null,
  };
  return runDates(timing, timezone, from, to);
}

/** The duty's occurrences among its session's: runs not called off, on dates its rule matches. */
export function dutyOccurrences(
  duty: Duty,
  session: MarketSession,
  timezone: string,
  runs: readonly Occurrence[],
  from: string,
  to: string,
): Occurrence[] {
  const dates = new Set(dutyRuleDates(duty, session, timezone, from, to));
  return runs.filter((run) => run.sessionId === duty.sessionId && !run.cancelled && dates.has(run.date));
}

/** The first date from `from` on, within the horizon, that both the session's current timing and the duty's rule fall on. */
export function firstDutyDate(
  duty: Pick<Duty, 'rrule' | 'anchorDate'>,
  session: MarketSession,
  timezone: string,
  from: string,
): string | null {
  let start = from > session.effectiveFrom ? from : session.effectiveFrom;
  for (let year = 0; year < DUTY_HORIZON_YEARS; year++) {
    const end = addDays(start, 365);
    const runs = new Set(runDates(session, timezone, start, end));
    const meet = dutyRuleDates(duty, session, timezone, start, end).find((date) => runs.has(date));
    if (meet !== undefined) return meet;
    start = addDays(end, 1);
  }
  return null;
}

import { DAY_MS } from '../recurrence/calendar.js';

/**
 * The escalation ladder (pure): the n-th upheld violation within the window
 * brings `suspensionDays[n-1]` days of suspension — the last step repeats,
 * 0 is a warning. The contract's default: 1st a warning, 2nd 7 days, 3rd or
 * more 90 days, counting the last 90 days.
 */
export interface Ladder {
  windowDays: number;
  suspensionDays: readonly number[];
}

/** An appeal is heard within this long of the violation's recording. */
export const APPEAL_WINDOW_MS = 7 * DAY_MS;

/** Days of suspension the rank-th violation brings (0: a warning). */
export function suspensionDaysFor(ladder: Ladder, rank: number): number {
  const steps = ladder.suspensionDays;
  return steps[Math.min(rank, steps.length) - 1] ?? 0;
}

/** Where the counting window of a violation at `occurredAt` starts (exclusive). */
export function windowStart(ladder: Ladder, occurredAt: number): number {
  return occurredAt - ladder.windowDays * DAY_MS;
}

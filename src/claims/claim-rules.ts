import type { StallCategory } from '../stalls/stall.js';
import { ACTIVE_STATUSES, type Claim, type ClaimStatus } from './claim.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const NO_SHOW_LIMIT = 3;
export const NO_SHOW_WINDOW_MS = 30 * DAY;
export const NO_SHOW_BLOCK_MS = 7 * DAY;
export const CHECK_IN_OPENS_BEFORE_MS = 30 * MINUTE;
/** Staff standing assignments may reach this far ahead, whatever the zone's booking horizon. */
export const ASSIGNMENT_HORIZON_DAYS = 366;

/** A confirmed claim whose occurrence has ended without a check-in is a no-show. */
export function effectiveClaimStatus(claim: Pick<Claim, 'status' | 'endAt'>, now: number): ClaimStatus {
  return claim.status === 'confirmed' && claim.endAt <= now ? 'no_show' : claim.status;
}

/** Whether the claim holds its slot at `now` (a confirmed claim past its end no longer does: it is a no-show). */
export function isActive(claim: Pick<Claim, 'status' | 'endAt'>, now: number): boolean {
  return ACTIVE_STATUSES.includes(effectiveClaimStatus(claim, now));
}

/**
 * When a vendor's no-show block ends, or null when not blocked. The block
 * starts when a no-show brings the count within the preceding 30 days to 3,
 * and lasts 7 days from that moment.
 *
 * @param noShowEnds end instants of the vendor's no-shows, any order
 */
export function noShowBlockedUntil(noShowEnds: number[], now: number): number | null {
  const ends = noShowEnds.filter((end) => end <= now).sort((a, b) => a - b);
  let blockedUntil: number | null = null;
  for (let i = NO_SHOW_LIMIT - 1; i < ends.length; i++) {
    const windowStart = ends[i] - NO_SHOW_WINDOW_MS;
    const inWindow = ends.slice(0, i + 1).filter((end) => end > windowStart).length;
    if (inWindow >= NO_SHOW_LIMIT) blockedUntil = ends[i] + NO_SHOW_BLOCK_MS;
  }
  return blockedUntil !== null && blockedUntil > now ? blockedUntil : null;
}

/** How far back no-shows can still matter for a block. */
export const NO_SHOW_LOOKBACK_MS = NO_SHOW_WINDOW_MS + NO_SHOW_BLOCK_MS;
/**
 * A claim whose occurrence ended this long ago is settled: history, out of the
 * unique index of active slots (nothing can claim a past slot, so the index
 * guards only what can still be contended). A week leaves staff time for late
 * corrections, which still work on settled claims.
 */
export const SETTLE_AFTER_MS = 7 * DAY;
/**
 * How long a claim's Idempotency-Key answers a retry with the first answer. A
 * phone retries within seconds or minutes of a dropped connection; a day
 * covers a retry the next morning, and then the key is forgotten (purged).
 */
export const IDEMPOTENCY_KEY_TTL_MS = DAY;

export function categoryFits(stall: StallCategory, vendorCategories: readonly StallCategory[]): boolean {
  return stall === 'general' || vendorCategories.includes(stall);
}

/**
 * Booking opens `horizonDays` ahead (by local date) and closes when the
 * occurrence starts. Returns the reason when outside, else null.
 */
export function bookingWindowProblem(input: { start: number; date: string; lastBookableDate: string; now: number }): string | null {
  if (input.start <= input.now) return 'the occurrence has already started';
  if (input.date > input.lastBookableDate)
    return `bookings for ${input.date} open later (last bookable date now: ${input.lastBookableDate})`;
  return null;
}

/** A vendor checks in from 30 minutes before the start until the end; staff from 30 minutes before, any time after. */
export function checkInProblem(input: { start: number; end: number; now: number; byStaff: boolean }): string | null {
  if (input.now < input.start - CHECK_IN_OPENS_BEFORE_MS) return 'check-in opens 30 minutes before the start';
  if (!input.byStaff && input.now >= input.end) return 'the occurrence has ended';
  return null;
}

import { bookingWindowProblem, categoryFits, checkInProblem, effectiveClaimStatus, noShowBlockedUntil } from './claim-rules.js';

const DAY = 86_400_000;
const T = Date.parse('2026-12-10T00:00:00Z');

describe('noShowBlockedUntil', () => {
  it('does not block for two no-shows', () => {
    expect(noShowBlockedUntil([T - 2 * DAY, T - DAY], T)).toBeNull();
  });

  it('blocks for 7 days from the third no-show within 30 days', () => {
    const third = T - DAY;
    expect(noShowBlockedUntil([T - 20 * DAY, T - 10 * DAY, third], T)).toBe(third + 7 * DAY);
  });

  it('does not count no-shows more than 30 days apart', () => {
    expect(noShowBlockedUntil([T - 45 * DAY, T - 10 * DAY, T - DAY], T)).toBeNull();
  });

  it('ends the block 7 days after it began even while the no-shows are still within 30 days', () => {
    const ends = [T - 12 * DAY, T - 11 * DAY, T - 10 * DAY];
    expect(noShowBlockedUntil(ends, T)).toBeNull();
    expect(noShowBlockedUntil(ends, T - 4 * DAY)).toBe(T - 3 * DAY);
  });

  it('ignores no-shows that have not happened yet', () => {
    expect(noShowBlockedUntil([T - 2 * DAY, T - DAY, T + DAY], T)).toBeNull();
  });
});

describe('effectiveClaimStatus', () => {
  it('turns a confirmed claim into a no-show once its occurrence has ended', () => {
    expect(effectiveClaimStatus({ status: 'confirmed', endAt: T }, T - 1)).toBe('confirmed');
    expect(effectiveClaimStatus({ status: 'confirmed', endAt: T }, T)).toBe('no_show');
    expect(effectiveClaimStatus({ status: 'checked_in', endAt: T }, T + DAY)).toBe('checked_in');
  });
});

describe('categoryFits', () => {
  it('lets a general stall take anyone and others only their category', () => {
    expect(categoryFits('general', ['fruit'])).toBe(true);
    expect(categoryFits('fruit', ['fruit', 'vegetables'])).toBe(true);
    expect(categoryFits('food', ['fruit'])).toBe(false);
  });
});

describe('bookingWindowProblem', () => {
  it('refuses an occurrence that has started and one beyond the horizon', () => {
    expect(bookingWindowProblem({ start: T, date: '2026-12-10', lastBookableDate: '2026-12-20', now: T })).toMatch(/started/);
    expect(bookingWindowProblem({ start: T + DAY, date: '2026-12-21', lastBookableDate: '2026-12-20', now: T })).toMatch(/open later/);
    expect(bookingWindowProblem({ start: T + DAY, date: '2026-12-20', lastBookableDate: '2026-12-20', now: T })).toBeNull();
  });
});

describe('checkInProblem', () => {
  const start = T;
  const end = T + 3 * 3_600_000;
  it('opens 30 minutes before the start', () => {
    expect(checkInProblem({ start, end, now: start - 31 * 60_000, byStaff: false })).toMatch(/opens/);
    expect(checkInProblem({ start, end, now: start - 30 * 60_000, byStaff: false })).toBeNull();
  });
  it('closes at the end for vendors but not for staff', () => {
    expect(checkInProblem({ start, end, now: end, byStaff: false })).toMatch(/ended/);
    expect(checkInProblem({ start, end, now: end + DAY, byStaff: true })).toBeNull();
  });
});

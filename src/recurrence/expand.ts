import {
  CivilDay,
  civil,
  firstDayOfMonthIndex,
  firstDayOfYear,
  fromDayNumber,
  lastDayOfMonthIndex,
  monthIndex,
  toDayNumber,
} from './calendar.js';
import { Memo } from '../common/memo.js';
import { ParsedRule } from './rule.js';

/**
 * Expansion of a validated rule into local dates, evaluated period by period
 * over the window asked for only.
 *
 * Why not rrule.js: it walks from DTSTART (cost grows with the session's age),
 * and when a rule has no candidate it walks on to the year 9999 (rrule#481):
 * `FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30` took 24 s to answer here. This evaluator
 * visits only the periods that overlap the window, so its cost follows the
 * window and no input can make it run long. It implements the RFC 5545
 * semantics rrule.js implements (including its defaults from DTSTART), and a
 * property test checks it against rrule.js on rules where rrule.js terminates.
 */

/** A session's recurrence: a parsed rule bounded by local dates. */
export interface Recurrence {
  rule: ParsedRule;
  validFrom: string;
  validUntil: string | null;
}

/**
 * A COUNT rule is expanded once, up to the last date the service takes
 * (2199-12-31), then memoised: its COUNT is honoured in full inside the
 * dates the API speaks of (FREQ=YEARLY;COUNT=150 from 2026 gives 150).
 */
const COUNT_HORIZON = '2199-12-31';
const COUNT_MEMO_LIMIT = 10_000;

interface Filters {
  byMonth: number[] | null;
  byMonthDay: number[] | null;
  byYearDay: number[] | null;
  byWeekday: number[] | null;
  byNthWeekday: ParsedRule['byNthWeekday'];
}

/** RFC 5545 (and rrule.js): with no day-selecting part, the day comes from DTSTART. */
function filtersOf(rule: ParsedRule, start: CivilDay): Filters {
  const filters: Filters = {
    byMonth: rule.byMonth,
    byMonthDay: rule.byMonthDay,
    byYearDay: rule.byYearDay,
    byWeekday: rule.byWeekday,
    byNthWeekday: rule.byNthWeekday,
  };
  if (rule.byYearDay || rule.byMonthDay || rule.byWeekday || rule.byNthWeekday) return filters;
  switch (rule.freq) {
    case 'YEARLY':
      return { ...filters, byMonth: rule.byMonth ?? [start.month], byMonthDay: [start.day] };
    case 'MONTHLY':
      return { ...filters, byMonthDay: [start.day] };
    case 'WEEKLY':
      return { ...filters, byWeekday: [start.weekday] };
    case 'DAILY':
      return filters;
  }
}

function nthMatches(rule: ParsedRule, filters: Filters, day: CivilDay, dayNumber: number): boolean {
  // Ordinals count within the month (MONTHLY, or YEARLY with BYMONTH), else within the year.
  const withinMonth = rule.freq === 'MONTHLY' || filters.byMonth !== null;
  const first = withinMonth ? day.monthFirst : day.yearFirst;
  const last = withinMonth ? day.monthLast : day.yearLast;
  return filters.byNthWeekday!.some(
    ({ weekday, n }) =>
      weekday === day.weekday && (n > 0 ? Math.floor((dayNumber - first) / 7) + 1 === n : Math.floor((last - dayNumber) / 7) + 1 === -n),
  );
}

function matches(rule: ParsedRule, filters: Filters, dayNumber: number): boolean {
  const day = civil(dayNumber);
  if (filters.byMonth && !filters.byMonth.includes(day.month)) return false;
  if (filters.byWeekday && !filters.byWeekday.includes(day.weekday)) return false;
  if (filters.byNthWeekday && !nthMatches(rule, filters, day, dayNumber)) return false;
  if (filters.byMonthDay && !filters.byMonthDay.includes(day.day) && !filters.byMonthDay.includes(day.day - day.monthLength - 1))
    return false;
  if (filters.byYearDay && !filters.byYearDay.includes(day.yearDay) && !filters.byYearDay.includes(day.yearDay - day.yearLength - 1))
    return false;
  return true;
}

/** The days [first, last] of period k (k = 0 contains validFrom). */
function period(rule: ParsedRule, start: number, k: number): [number, number] {
  const step = k * rule.interval;
  switch (rule.freq) {
    case 'DAILY':
      return [start + step, start + step];
    case 'WEEKLY': {
      const weekStart = start - ((civil(start).weekday - rule.wkst + 7) % 7) + 7 * step;
      return [weekStart, weekStart + 6];
    }
    case 'MONTHLY': {
      const index = monthIndex(civil(start)) + step;
      return [firstDayOfMonthIndex(index), lastDayOfMonthIndex(index)];
    }
    case 'YEARLY': {
      const year = civil(start).year + step;
      return [firstDayOfYear(year), firstDayOfYear(year + 1) - 1];
    }
  }
}

/** The smallest k ≥ 0 whose period may hold a day ≥ `day`. */
function firstPeriodFrom(rule: ParsedRule, start: number, day: number): number {
  const n = rule.interval;
  let k: number;
  switch (rule.freq) {
    case 'DAILY':
      k = Math.ceil((day - start) / n);
      break;
    case 'WEEKLY':
      k = Math.ceil((day - 6 - period(rule, start, 0)[0]) / (7 * n));
      break;
    case 'MONTHLY':
      k = Math.ceil((monthIndex(civil(day)) - monthIndex(civil(start))) / n);
      break;
    case 'YEARLY':
      k = Math.ceil((civil(day).year - civil(start).year) / n);
      break;
  }
  return Math.max(0, k);
}

/** Occurrences of one period, before clipping to the window. */
function periodDays(rule: ParsedRule, filters: Filters, first: number, last: number, lo: number, hi: number): number[] {
  // Without BYSETPOS only the days in the window matter; with it the whole period is ranked.
  const from = rule.bySetPos ? first : Math.max(first, lo);
  const to = rule.bySetPos ? last : Math.min(last, hi);
  const days: number[] = [];
  for (let d = from; d <= to; d++) if (matches(rule, filters, d)) days.push(d);
  if (!rule.bySetPos) return days;
  const picked = new Set<number>();
  for (const pos of rule.bySetPos) {
    const d = pos > 0 ? days[pos - 1] : days[days.length + pos];
    if (d !== undefined) picked.add(d);
  }
  return [...picked].sort((a, b) => a - b);
}

/** Yields occurrence day numbers in [lo, hi], in order, visiting only periods that overlap. */
function* walk(rule: ParsedRule, validFrom: string, lo: number, hi: number): Generator<number> {
  const start = toDayNumber(validFrom);
  const filters = filtersOf(rule, civil(start));
  const from = Math.max(lo, start);
  for (let k = firstPeriodFrom(rule, start, from); ; k++) {
    const [first, last] = period(rule, start, k);
    if (first > hi) return;
    for (const d of periodDays(rule, filters, first, last, from, hi)) {
      if (d >= from && d <= hi) yield d;
    }
  }
}

function lastAllowed(recurrence: Recurrence): string | null {
  const { validUntil, rule } = recurrence;
  if (validUntil === null) return rule.until;
  if (rule.until === null) return validUntil;
  return validUntil < rule.until ? validUntil : rule.until;
}

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4, 10) === '-02-29' ? '-02-28' : date.slice(4)}`;
}

/** Every date of a COUNT rule, per rule and start. */
const counted = new Memo<string, number[]>({ max: COUNT_MEMO_LIMIT });

/** Every date of a COUNT rule (at most 1000), computed once per rule and start. */
function countedDays(recurrence: Recurrence): number[] {
  return counted.getOrMake(`${recurrence.rule.text}|${recurrence.validFrom}`, () => {
    const days: number[] = [];
    const hi = toDayNumber(COUNT_HORIZON);
    for (const d of walk(recurrence.rule, recurrence.validFrom, toDayNumber(recurrence.validFrom), hi)) {
      days.push(d);
      if (days.length === recurrence.rule.count) break;
    }
    return days;
  });
}

/** Local dates of the recurrence in [from, to], both inclusive, in order. */
export function occurrenceDates(recurrence: Recurrence, from: string, to: string): string[] {
  const last = lastAllowed(recurrence);
  const lo = toDayNumber(from < recurrence.validFrom ? recurrence.validFrom : from);
  const hi = toDayNumber(last !== null && last < to ? last : to);
  if (lo > hi) return [];
  const days =
    recurrence.rule.count !== null
      ? countedDays(recurrence).filter((d) => d >= lo && d <= hi)
      : [...walk(recurrence.rule, recurrence.validFrom, lo, hi)];
  return days.map(fromDayNumber);
}

export function isOccurrence(recurrence: Recurrence, date: string): boolean {
  return occurrenceDates(recurrence, date, date).length === 1;
}

/**
 * The first occurrence within `years` of validFrom, or null: a rule that
 * never produces one (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30) is refused with it.
 */
export function firstOccurrence(recurrence: Recurrence, years = 10): string | null {
  const last = lastAllowed(recurrence);
  const horizon = addYears(recurrence.validFrom, years);
  const hi = toDayNumber(last !== null && last < horizon ? last : horizon);
  const next = walk(recurrence.rule, recurrence.validFrom, toDayNumber(recurrence.validFrom), hi).next();
  return next.done ? null : fromDayNumber(next.value);
}

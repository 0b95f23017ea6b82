/**
 * Civil-calendar arithmetic on day numbers (days since 1970-01-01). Dates here
 * are floating local dates: no time zone, no time of day, no dependence on the
 * process's TZ.
 */
export const DAY_MS = 86_400_000;

export function toDayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local date `days` after (or, negative, before) `date`. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The UTC calendar date of an instant. */
export function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Monday and Sunday of the ISO week containing a local date. */
export function isoWeek(date: string): { monday: string; sunday: string } {
  const day = toDayNumber(date);
  const monday = day - civil(day).weekday;
  return { monday: fromDayNumber(monday), sunday: fromDayNumber(monday + 6) };
}

export interface CivilDay {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0 = Monday … 6 = Sunday, as RFC 5545 weekdays are listed. */
  weekday: number;
  /** 1–366 */
  yearDay: number;
  yearLength: number;
  monthLength: number;
  /** Day numbers of the first and last day of the month and of the year. */
  monthFirst: number;
  monthLast: number;
  yearFirst: number;
  yearLast: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function civil(dayNumber: number): CivilDay {
  const date = new Date(dayNumber * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const yearFirst = Date.UTC(year, 0, 1) / DAY_MS;
  const monthFirst = Date.UTC(year, month - 1, 1) / DAY_MS;
  const monthLast = Date.UTC(year, month, 1) / DAY_MS - 1;
  const yearLength = isLeapYear(year) ? 366 : 365;
  return {
    year,
    month,
    day: date.getUTCDate(),
    weekday: (date.getUTCDay() + 6) % 7,
    yearDay: dayNumber - yearFirst + 1,
    yearLength,
    monthLength: monthLast - monthFirst + 1,
    monthFirst,
    monthLast,
    yearFirst,
    yearLast: yearFirst + yearLength - 1,
  };
}

/** Months since year 0, so that month arithmetic is integer arithmetic. */
export function monthIndex(day: CivilDay): number {
  return day.year * 12 + day.month - 1;
}

export function firstDayOfMonthIndex(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1) / DAY_MS;
}

export function lastDayOfMonthIndex(index: number): number {
  return firstDayOfMonthIndex(index + 1) - 1;
}

export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

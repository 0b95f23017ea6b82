/** Why a rule was refused; the message is shown to the client as is. */
export class RecurrenceError extends Error {}

export const MAX_INTERVAL = 366;
export const MAX_COUNT = 1000;

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
const FREQUENCIES: readonly Freq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
/** RFC 5545 weekday codes, Monday first: the index is the weekday number used everywhere here. */
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const TIME_PARTS = new Set(['BYHOUR', 'BYMINUTE', 'BYSECOND']);

export interface NthWeekday {
  weekday: number;
  /** ±1…±53: the n-th (or n-th from last) such weekday of the month or year. */
  n: number;
}

/** A validated RRULE. Lists are null when the part is absent. */
export interface ParsedRule {
  freq: Freq;
  interval: number;
  count: number | null;
  /** UNTIL as a DATE (`20270131`): occurrences on or before that local date. */
  until: string | null;
  /**
   * UNTIL as a UTC DATE-TIME (`20270130T220000Z`), epoch ms: occurrences that
   * start at or before that instant (RFC 5545 §3.3.10; which dates those are
   * depends on the zone and start time, so the expansion's caller applies it).
   */
  untilInstant: number | null;
  wkst: number;
  byMonth: number[] | null;
  byMonthDay: number[] | null;
  byYearDay: number[] | null;
  byWeekday: number[] | null;
  byNthWeekday: NthWeekday[] | null;
  bySetPos: number[] | null;
  /** The rule as given, upper-cased, without a leading "RRULE:". */
  text: string;
}

function fail(message: string): never {
  throw new RecurrenceError(message);
}

function integer(key: string, raw: string, min: number, max: number, signed = false): number {
  if (!(signed ? /^[+-]?\d{1,4}$/ : /^\d{1,10}$/).test(raw)) fail(`${key}=${raw} is not an integer`);
  const value = Number(raw);
  const magnitude = Math.abs(value);
  if (magnitude < min || magnitude > max || (signed && value === 0)) {
    fail(`${key} must be ${signed ? `±${min}…±${max}` : `${min}…${max}`}, got ${raw}`);
  }
  return value;
}

function list(key: string, raw: string, min: number, max: number, signed: boolean): number[] {
  return [...new Set(raw.split(',').map((item) => integer(key, item, min, max, signed)))];
}

function weekdayCode(code: string): number {
  const index = WEEKDAY_CODES.indexOf(code as (typeof WEEKDAY_CODES)[number]);
  if (index < 0) fail(`${code} is not a weekday (MO, TU, WE, TH, FR, SA, SU)`);
  return index;
}

/** UNTIL as a DATE, or as a UTC DATE-TIME (the RFC's only form for rules whose start has a time zone, as these do). */
function parseUntil(raw: string, rule: ParsedRule): void {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(raw);
  if (!match) fail(`UNTIL=${raw} is not a date like 20261231 or a UTC time like 20261231T220000Z`);
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) fail(`UNTIL=${raw} is not a real date`);
  if (match[4] === undefined) {
    rule.until = date;
    return;
  }
  if (match[7] !== 'Z') fail(`UNTIL=${raw} has a time but no Z: a time in UNTIL must be UTC (RFC 5545 §3.3.10)`);
  const [hours, minutes, seconds] = [match[4], match[5], match[6]].map(Number);
  if (hours > 23 || minutes > 59 || seconds > 59) fail(`UNTIL=${raw} is not a real time`);
  rule.untilInstant = Date.parse(`${date}T${match[4]}:${match[5]}:${match[6]}Z`);
}

function parseByDay(raw: string, rule: ParsedRule): void {
  const plain: number[] = [];
  const nth: NthWeekday[] = [];
  for (const item of raw.split(',')) {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!match) fail(`BYDAY=${item} is not a weekday like MO, +1MO or -1FR`);
    const weekday = weekdayCode(match[2]);
    if (match[1] === undefined) plain.push(weekday);
    else nth.push({ weekday, n: integer('BYDAY', match[1], 1, 53, true) });
  }
  if (plain.length > 0 && nth.length > 0) fail('BYDAY cannot mix plain weekdays (MO) with ordinal ones (1MO)');
  if (plain.length > 0) rule.byWeekday = [...new Set(plain)];
  if (nth.length > 0) rule.byNthWeekday = nth;
}

/**
 * Parses and bounds an RFC 5545 RRULE value (no DTSTART). Only what a market
 * calendar needs is accepted — FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL,
 * COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYSETPOS, WKST — and
 * every number is bounded.
 */
export function parseRule(input: string): ParsedRule {
  if (typeof input !== 'string' || input.length === 0) fail('rrule must be a non-empty RRULE value');
  if (input.length > 500) fail('rrule is longer than 500 characters');
  const text = input.toUpperCase().replace(/^RRULE:/, '');
  if (!/^[A-Z0-9=;,+-]+$/.test(text)) fail('rrule may contain only letters, digits and = ; , + -');
  const rule: ParsedRule = {
    freq: 'DAILY',
    interval: 1,
    count: null,
    until: null,
    untilInstant: null,
    wkst: 0,
    byMonth: null,
    byMonthDay: null,
    byYearDay: null,
    byWeekday: null,
    byNthWeekday: null,
    bySetPos: null,
    text,
  };
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || value === '' || rest.length > 0) fail(`"${part}" is not KEY=VALUE`);
    if (seen.has(key)) fail(`${key} appears twice`);
    seen.add(key);
    if (TIME_PARTS.has(key)) fail(`${key} is not allowed: the time of day comes from startTime`);
    switch (key) {
      case 'FREQ':
        if (!FREQUENCIES.includes(value as Freq)) fail(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, got ${value}`);
        rule.freq = value as Freq;
        break;
      case 'INTERVAL':
        rule.interval = integer(key, value, 1, MAX_INTERVAL);
        break;
      case 'COUNT':
        rule.count = integer(key, value, 1, MAX_COUNT);
        break;
      case 'UNTIL':
        parseUntil(value, rule);
        break;
      case 'BYDAY':
        parseByDay(value, rule);
        break;
      case 'BYMONTHDAY':
        rule.byMonthDay = list(key, value, 1, 31, true);
        break;
      case 'BYMONTH':
        rule.byMonth = list(key, value, 1, 12, false);
        break;
      case 'BYYEARDAY':
        rule.byYearDay = list(key, value, 1, 366, true);
        break;
      case 'BYSETPOS':
        rule.bySetPos = list(key, value, 1, 366, true);
        break;
      case 'WKST':
        rule.wkst = weekdayCode(value);
        break;
      case 'BYWEEKNO':
        return fail('BYWEEKNO is not supported: use BYMONTH, BYMONTHDAY or BYDAY');
      default:
        fail(`${key} is not supported`);
    }
  }
  if (!seen.has('FREQ')) fail('FREQ is required');
  checkCombinations(rule);
  return rule;
}

/** The RFC 5545 table of which BYxxx parts go with which FREQ. */
function checkCombinations(rule: ParsedRule): void {
  const { freq } = rule;
  if (rule.count !== null && (rule.until !== null || rule.untilInstant !== null)) fail('COUNT and UNTIL cannot be combined');
  if (rule.byNthWeekday && (freq === 'DAILY' || freq === 'WEEKLY')) fail('BYDAY with an ordinal (+1MO) needs FREQ=MONTHLY or YEARLY');
  if (rule.byYearDay && freq !== 'YEARLY') fail(`BYYEARDAY is only allowed with FREQ=YEARLY`);
  if (rule.byMonthDay && freq === 'WEEKLY') fail('BYMONTHDAY is not allowed with FREQ=WEEKLY');
  if (rule.bySetPos && freq === 'DAILY') fail('BYSETPOS is not allowed with FREQ=DAILY');
  if (rule.bySetPos && !(rule.byWeekday || rule.byNthWeekday || rule.byMonthDay || rule.byMonth || rule.byYearDay)) {
    fail('BYSETPOS needs another BYxxx part to select from');
  }
}

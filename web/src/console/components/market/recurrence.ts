import { RRule, type Options } from 'rrule';

// The session editor's rule logic, without Vue: building an RRULE from the editor's fields,
// reading a typed rule back into them, the next occurrences a rule gives (before the server is
// asked), and the rule in Chinese words.
//
// rrule.js computes in UTC: a Date it is given or returns is read as "floating" wall-clock time
// (its getUTC* parts are the zone's local date and time). So dtstart is validFrom at the
// session's start time built with Date.UTC, and every result is read back with getUTC*; the
// browser's own time zone never enters. The zone's time zone matters for one thing only: an
// UNTIL written as a UTC instant (`20270130T220000Z`), which is turned into the zone's wall
// clock before it is compared with the floating occurrences.

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Freq = (typeof FREQUENCIES)[number];
/** RFC 5545 weekday codes, Monday first (the order the editor shows them). */
export const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type DayCode = (typeof DAY_CODES)[number];

/** What the editor's fields hold. */
export interface RuleFields {
  freq: Freq;
  interval: number;
  /** WEEKLY only: the weekdays; none = validFrom's weekday. */
  days: DayCode[];
  end: 'never' | 'until' | 'count';
  /** `YYYY-MM-DD`, the last local date (inclusive), when end is 'until'. */
  until: string;
  count: number;
}

export function defaultFields(): RuleFields {
  return { freq: 'DAILY', interval: 1, days: [], end: 'never', until: '', count: 10 };
}

/** The rule the fields describe, parts in the usual order: `FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;COUNT=8`. */
export function buildRule(fields: RuleFields): string {
  const parts = [`FREQ=${fields.freq}`];
  if (fields.interval > 1) parts.push(`INTERVAL=${fields.interval}`);
  if (fields.freq === 'WEEKLY' && fields.days.length > 0) {
    parts.push(`BYDAY=${DAY_CODES.filter((d) => fields.days.includes(d)).join(',')}`);
  }
  if (fields.end === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(fields.until)) parts.push(`UNTIL=${fields.until.replaceAll('-', '')}`);
  if (fields.end === 'count' && fields.count >= 1) parts.push(`COUNT=${fields.count}`);
  return parts.join(';');
}

function partsOf(rule: string): Map<string, string> | null {
  const text = rule
    .trim()
    .toUpperCase()
    .replace(/^RRULE:/, '');
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const match = /^([A-Z]+)=([^=;]+)$/.exec(part);
    if (!match || parts.has(match[1])) return null;
    parts.set(match[1], match[2]);
  }
  return parts;
}

/** The editor's fields for a typed rule, or null when the rule has parts the editor does not build (it is kept as typed). */
export function readRule(rule: string): RuleFields | null {
  const parts = partsOf(rule);
  const freq = parts?.get('FREQ');
  if (!parts || !freq || !(FREQUENCIES as readonly string[]).includes(freq)) return null;
  const fields = defaultFields();
  fields.freq = freq as Freq;
  for (const [key, value] of parts) {
    if (key === 'FREQ' || (key === 'WKST' && value === 'MO')) continue;
    if (key === 'INTERVAL' && /^\d{1,3}$/.test(value) && Number(value) >= 1) fields.interval = Number(value);
    else if (key === 'BYDAY' && freq === 'WEEKLY' && value.split(',').every((d) => (DAY_CODES as readonly string[]).includes(d))) {
      fields.days = DAY_CODES.filter((d) => value.split(',').includes(d));
    } else if (key === 'UNTIL' && /^\d{8}$/.test(value)) {
      fields.end = 'until';
      fields.until = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    } else if (key === 'COUNT' && /^\d{1,4}$/.test(value) && Number(value) >= 1) {
      fields.end = 'count';
      fields.count = Number(value);
    } else return null;
  }
  return fields;
}

/** One run of a session as the preview lists it: local dates and wall-clock times in the zone. */
export interface Occurrence {
  date: string;
  startTime: string;
  endDate: string;
  endTime: string;
}

export interface PreviewInput {
  rule: string;
  validFrom: string;
  validUntil?: string | null;
  startTime: string;
  endTime: string;
  timezone: string;
  /** Occurrences before this local date (the zone's today) are not "next". */
  from: string;
  count?: number;
}

/** Why a rule cannot be previewed here (the server has the last word when it is saved). */
export class RuleProblem extends Error {}

const NOT_HERE = ['DTSTART', 'TZID', 'BYHOUR', 'BYMINUTE', 'BYSECOND', 'BYWEEKNO'];
/** The last date the API takes. */
const LAST_DATE = '2199-12-31';

/** The local date after `date` (kept here: this file is also compiled by the server's tsconfig for its unit test). */
const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const floating = (date: string, time = '00:00:00'): Date => new Date(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
const hhmm = (d: Date): string => d.toISOString().slice(11, 16);

/** The wall clock in `timezone` at a real instant, as a floating Date. */
export function wallClockAt(timezone: string, instant: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return floating(`${parts.year}-${parts.month}-${parts.day}`, `${parts.hour}:${parts.minute}:${parts.second}`);
}

/** rrule.js options for a rule, dtstart and UNTIL as floating wall-clock times in the zone. */
export function ruleOptions(rule: string, validFrom: string, startTime: string, timezone: string): Partial<Options> {
  const parts = partsOf(rule);
  if (!parts || !parts.has('FREQ')) throw new RuleProblem('FREQ=…;…');
  const refused = NOT_HERE.find((key) => parts.has(key));
  if (refused) throw new RuleProblem(refused);
  let options: Partial<Options>;
  try {
    options = RRule.parseString([...parts].map(([k, v]) => `${k}=${v}`).join(';'));
  } catch (error) {
    throw new RuleProblem(error instanceof Error ? error.message : String(error));
  }
  if (options.freq === undefined || options.freq > RRule.DAILY) throw new RuleProblem('FREQ');
  const until = parts.get('UNTIL');
  if (until) {
    const date = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(until);
    if (!date) throw new RuleProblem('UNTIL');
    const day = `${date[1]}-${date[2]}-${date[3]}`;
    if (!date[4])
      options.until = floating(day, '23:59:59'); // a DATE includes that whole local day
    else if (date[7]) options.until = wallClockAt(timezone, new Date(`${day}T${date[4]}:${date[5]}:${date[6]}Z`));
    else options.until = floating(day, `${date[4]}:${date[5]}:${date[6]}`);
  }
  return { ...options, tzid: null, dtstart: floating(validFrom, startTime) };
}

/**
 * The next `count` (10) runs of a session from `from` (the zone's today) on: the rule expanded
 * from validFrom at startTime (COUNT and INTERVAL count from there), up to validUntil inclusive.
 * A run whose end time is at or before its start time ends the next day.
 */
export function nextOccurrences(input: PreviewInput): Occurrence[] {
  const count = input.count ?? 10;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom)) throw new RuleProblem('validFrom');
  if (!/^\d{2}:\d{2}$/.test(input.startTime) || !/^\d{2}:\d{2}$/.test(input.endTime)) throw new RuleProblem('startTime');
  // Without rrule's cache: it never shrinks, and the editor makes a rule per keystroke.
  const rule = new RRule(ruleOptions(input.rule, input.validFrom, input.startTime, input.timezone), true);
  const last = input.validUntil && input.validUntil < LAST_DATE ? input.validUntil : LAST_DATE;
  const first = input.from > input.validFrom ? input.from : input.validFrom;
  if (last < first) return [];
  const found = rule.between(floating(first), floating(last, '23:59:59'), true, (_date, seen) => seen < count);
  const overnight = input.endTime <= input.startTime;
  return found.map((start) => {
    const date = isoDate(start);
    return { date, startTime: hhmm(start), endDate: overnight ? nextDate(date) : date, endTime: input.endTime };
  });
}

/** rrule.js's own English words for a rule (the en console shows these). */
export function ruleToEnglish(rule: string, validFrom: string, startTime: string, timezone: string): string {
  return new RRule(ruleOptions(rule, validFrom, startTime, timezone), true).toText();
}

/** What the Chinese words are made of; `t` is vue-i18n's. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

const RFC_DAYS: Record<string, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

/**
 * A rule in Chinese: the project's shared words (每天, 每周六、周日, 每月…) for what they cover,
 * and the console's for intervals, month days, the n-th weekday, months, COUNT and UNTIL.
 * Null when the rule has a part these words do not cover (the caller shows the rule itself).
 */
export function ruleToChinese(rule: string, t: Translate): string | null {
  const parts = partsOf(rule);
  const freq = parts?.get('FREQ');
  if (!parts || !freq || !(FREQUENCIES as readonly string[]).includes(freq)) return null;
  const sep = t('rule.separator');
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const unit = t(`market.rule.units.${freq}`);
  let words = t('market.rule.every', { n: interval, unit });
  const known = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST']);

  const byMonth = parts.get('BYMONTH');
  const byMonthDay = parts.get('BYMONTHDAY');
  const byDay = parts.get('BYDAY');
  if (byMonth) known.add('BYMONTH');
  if (byMonthDay) known.add('BYMONTHDAY');
  if (byDay) known.add('BYDAY');
  if ([...parts.keys()].some((key) => !known.has(key))) return null;

  const dayName = (code: string): string | null => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(code);
    if (!match) return null;
    const name = t(`weekdays.${RFC_DAYS[match[2]]}`);
    if (!match[1]) return name;
    const n = Number(match[1]);
    return n === -1 ? t('market.rule.lastDay', { day: name }) : n > 0 ? t('market.rule.nthDay', { n, day: name }) : null;
  };
  const days = byDay ? byDay.split(',').map(dayName) : [];
  if (days.some((d) => d === null)) return null;
  const monthDays = byMonthDay
    ? byMonthDay
        .split(',')
        .map((d) => (Number(d) < 0 ? t('market.rule.lastMonthDay', { n: -Number(d) }) : t('market.rule.monthDay', { n: Number(d) })))
    : [];
  const months = byMonth ? byMonth.split(',').map((m) => t('market.rule.month', { n: Number(m) })) : [];

  const detail = [months.join(sep), monthDays.join(sep), days.join(sep)].filter(Boolean).join('');
  if (freq === 'WEEKLY' && interval <= 1) words = detail ? t('rule.weekly', { days: detail }) : t('rule.everyWeek');
  else {
    if (interval <= 1) words = t({ DAILY: 'rule.daily', MONTHLY: 'rule.monthly', YEARLY: 'rule.yearly' }[freq as Exclude<Freq, 'WEEKLY'>]);
    if (detail) words += t('market.rule.on', { what: detail });
  }

  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count) words += t('market.rule.count', { n: Number(count) });
  if (until) {
    const m = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(until);
    if (!m) return null;
    words += t(m[4] ? 'market.rule.untilInstant' : 'market.rule.until', { date: `${m[1]}-${m[2]}-${m[3]}`, at: until });
  }
  return words;
}

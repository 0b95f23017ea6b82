import { Memo } from '../common/memo.js';
import { MIN_DATE } from '../common/validation.js';
import { addDays } from '../recurrence/calendar.js';
import { firstOccurrence, occurrenceDates, Recurrence } from '../recurrence/expand.js';
import { formatInstant, localDate, occurrenceWindow } from '../recurrence/local-time.js';
import { parseRule, ParsedRule } from '../recurrence/rule.js';
import type { MarketSession, PastTiming, SessionTiming } from './session.js';

/** One run of a session on one local date. */
export interface Occurrence {
  sessionId: string;
  name: string;
  date: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** ISO 8601 with the offset of the zone it ran in. */
  startIso: string;
  endIso: string;
  cancelled: boolean;
  reason?: string;
}

/** A timing and the dates it rules: [from, until), until null for "from then on". */
export interface TimingSpan extends SessionTiming {
  from: string;
  until: string | null;
  timezone: string;
}

/** Stored rules were validated on the way in; parsing them again is memoised by text. */
const rules = new Memo<string, ParsedRule>({ max: 10_000 });

function recurrenceOf(timing: Pick<SessionTiming, 'rrule' | 'validFrom' | 'validUntil'>, timezone: string): Recurrence {
  const rule = rules.getOrMake(timing.rrule, () => parseRule(timing.rrule));
  if (rule.untilInstant === null) return { rule, validFrom: timing.validFrom, validUntil: timing.validUntil };
  // A UTC UNTIL bounds starts: no run dated after the instant's local date can start before it.
  const last = localDate(rule.untilInstant, timezone);
  return {
    rule,
    validFrom: timing.validFrom,
    validUntil: timing.validUntil !== null && timing.validUntil < last ? timing.validUntil : last,
  };
}

/**
 * The dates a timing runs on in [from, to], in its zone: the rule, the
 * validity and a UTC UNTIL (runs that start at or before that instant) applied.
 */
export function runDates(timing: SessionTiming, timezone: string, from: string, to: string): string[] {
  const dates = occurrenceDates(recurrenceOf(timing, timezone), from, to);
  const untilInstant = rules.getOrMake(timing.rrule, () => parseRule(timing.rrule)).untilInstant;
  if (untilInstant === null || dates.length === 0) return dates;
  // Only the last local date can hold a run that starts after the instant.
  const last = dates[dates.length - 1];
  return windowOn(timing, timezone, last).start <= untilInstant ? dates : dates.slice(0, -1);
}

export function runsOn(timing: SessionTiming, timezone: string, date: string): boolean {
  return runDates(timing, timezone, date, date).length === 1;
}

/** The first date the timing runs on within `years` of its validFrom, or null when it never does. */
export function firstRun(timing: SessionTiming, timezone: string, years: number): string | null {
  const first = firstOccurrence(recurrenceOf(timing, timezone), years);
  return first === null || runsOn(timing, timezone, first) ? first : null;
}

/**
 * A session's timings over time: each past one up to the date it stopped
 * ruling, then the current one from effectiveFrom on (unless the session is
 * deleted: its past stays, nothing follows).
 */
export function spansOf(session: MarketSession, past: PastTiming[], zoneTimezone: string): TimingSpan[] {
  const spans: TimingSpan[] = [];
  let from = MIN_DATE;
  for (const timing of [...past].sort((a, b) => a.untilDate.localeCompare(b.untilDate))) {
    spans.push({ ...timing, from, until: timing.untilDate });
    from = timing.untilDate;
  }
  if (session.deletedAt === null) spans.push({ ...session, from: session.effectiveFrom, until: null, timezone: zoneTimezone });
  return spans;
}

interface Window {
  start: number;
  end: number;
  startIso: string;
  endIso: string;
}

/**
 * The instants of a run on a date: a pure function of the date, the times and
 * the zone, memoised by exactly those (a year of three daily sessions in 31
 * zones is ~34 k entries).
 */
const windows = new Memo<string, Window>({ max: 100_000 });

export function windowOn(timing: Pick<SessionTiming, 'startTime' | 'endTime'>, timezone: string, date: string): Window {
  return windows.getOrMake(`${timing.startTime}|${timing.endTime}|${timezone}|${date}`, () => {
    const { start, end } = occurrenceWindow(date, timing.startTime, timing.endTime, timezone);
    return { start, end, startIso: formatInstant(start, timezone), endIso: formatInstant(end, timezone) };
  });
}

/** The dates of one span's recurrence inside [from, to]. */
function spanDates(span: TimingSpan, from: string, to: string): string[] {
  const lo = from > span.from ? from : span.from;
  const last = span.until === null ? to : addDays(span.until, -1);
  const hi = last < to ? last : to;
  return lo > hi ? [] : runDates(span, span.timezone, lo, hi);
}

/** A session's occurrences in [from, to], each in the timing and zone that ruled its date, cancellations (date → reason) applied. */
export function expandSession(
  session: MarketSession,
  spans: TimingSpan[],
  from: string,
  to: string,
  cancellations: ReadonlyMap<string, string> = new Map(),
): Occurrence[] {
  return spans.flatMap((span) =>
    spanDates(span, from, to).map((date) => {
      const reason = cancellations.get(date);
      return {
        sessionId: session.id,
        name: session.name,
        date,
        ...windowOn(span, span.timezone, date),
        cancelled: reason !== undefined,
        ...(reason !== undefined ? { reason } : {}),
      };
    }),
  );
}

/** The span that rules a date, if any. */
export function spanOn(spans: TimingSpan[], date: string): TimingSpan | undefined {
  return spans.find((span) => span.from <= date && (span.until === null || date < span.until));
}

/**
 * The first date from which a change to the current timing can apply: today
 * (in the zone), unless today's run has already started; never before the
 * current timing took effect. Occurrences before it are history.
 */
export function firstUnstartedDate(session: MarketSession, timezone: string, now: number): string {
  const today = localDate(now, timezone);
  const first = runsOn(session, timezone, today) && windowOn(session, timezone, today).start <= now ? addDays(today, 1) : today;
  return first > session.effectiveFrom ? first : session.effectiveFrom;
}

/** Whether the current timing has run before `date` (so it has a past to keep). */
export function ranBefore(session: MarketSession, timezone: string, date: string): boolean {
  return date > session.effectiveFrom && runDates(session, timezone, session.effectiveFrom, addDays(date, -1)).length > 0;
}

export function byStart(a: Occurrence, b: Occurrence): number {
  return a.start - b.start || a.name.localeCompare(b.name) || a.sessionId.localeCompare(b.sessionId);
}

import { Memo } from '../common/memo.js';
import { occurrenceDates, Recurrence } from '../recurrence/expand.js';
import { formatInstant, occurrenceWindow } from '../recurrence/local-time.js';
import { parseRule, ParsedRule } from '../recurrence/rule.js';
import type { MarketSession } from './session.js';

/** One run of a session on one local date. */
export interface Occurrence {
  sessionId: string;
  name: string;
  date: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** ISO 8601 with the zone's offset. */
  startIso: string;
  endIso: string;
  cancelled: boolean;
  reason?: string;
}

/** Stored rules were validated on the way in; parsing them again is memoised by text. */
const rules = new Memo<string, ParsedRule>({ max: 10_000 });

export function recurrenceOf(session: Pick<MarketSession, 'rrule' | 'validFrom' | 'validUntil'>): Recurrence {
  return {
    rule: rules.getOrMake(session.rrule, () => parseRule(session.rrule)),
    validFrom: session.validFrom,
    validUntil: session.validUntil,
  };
}

interface Window {
  start: number;
  end: number;
  startIso: string;
  endIso: string;
}

/**
 * The instants of a session's run on a date, memoised per session version and
 * zone (a change of times or rule bumps the version, so a stale entry is never
 * read; a year of three daily sessions in 31 zones is ~34 k entries).
 */
const windows = new Memo<string, Window>({ max: 100_000 });

function windowOn(session: MarketSession, timezone: string, date: string): Window {
  return windows.getOrMake(`${session.id}|${session.version}|${timezone}|${date}`, () => {
    const { start, end } = occurrenceWindow(date, session.startTime, session.endTime, timezone);
    return { start, end, startIso: formatInstant(start, timezone), endIso: formatInstant(end, timezone) };
  });
}

/** A session's occurrences in [from, to] in the zone's time zone, with cancellations (date → reason) applied. */
export function expandSession(
  session: MarketSession,
  timezone: string,
  from: string,
  to: string,
  cancellations: ReadonlyMap<string, string> = new Map(),
): Occurrence[] {
  return occurrenceDates(recurrenceOf(session), from, to).map((date) => {
    const reason = cancellations.get(date);
    return {
      sessionId: session.id,
      name: session.name,
      date,
      ...windowOn(session, timezone, date),
      cancelled: reason !== undefined,
      ...(reason !== undefined ? { reason } : {}),
    };
  });
}

export function byStart(a: Occurrence, b: Occurrence): number {
  return a.start - b.start || a.name.localeCompare(b.name) || a.sessionId.localeCompare(b.sessionId);
}

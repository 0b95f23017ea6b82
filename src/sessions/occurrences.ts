import { occurrenceDates, Recurrence } from '../recurrence/expand.js';
import { formatInstant, occurrenceWindow } from '../recurrence/local-time.js';
import { parseRule, ParsedRule } from '../recurrence/rule.js';
import { MarketSession } from './market-session.entity.js';

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

const ruleCache = new Map<string, ParsedRule>();

/** Stored rules were validated on the way in; parsing them again is memoised. */
function storedRule(text: string): ParsedRule {
  let rule = ruleCache.get(text);
  if (!rule) {
    rule = parseRule(text);
    if (ruleCache.size > 10_000) ruleCache.clear();
    ruleCache.set(text, rule);
  }
  return rule;
}

export function recurrenceOf(session: Pick<MarketSession, 'rrule' | 'validFrom' | 'validUntil'>): Recurrence {
  return { rule: storedRule(session.rrule), validFrom: session.validFrom, validUntil: session.validUntil };
}

interface Window {
  start: number;
  end: number;
  startIso: string;
  endIso: string;
}

const WINDOW_MEMO_LIMIT = 100_000;
const windowMemo = new Map<string, Window>();

/**
 * The instants of a session's run on a date, memoised per session version and
 * zone (a change of times or rule bumps the version, so a stale entry is never
 * read; a year of three daily sessions in 31 zones is ~34 k entries).
 */
function windowOn(session: MarketSession, timezone: string, date: string): Window {
  const key = `${session.id}|${session.version}|${timezone}|${date}`;
  let window = windowMemo.get(key);
  if (!window) {
    const { start, end } = occurrenceWindow(date, session.startTime, session.endTime, timezone);
    window = { start, end, startIso: formatInstant(start, timezone), endIso: formatInstant(end, timezone) };
    if (windowMemo.size >= WINDOW_MEMO_LIMIT) windowMemo.delete(windowMemo.keys().next().value!);
    windowMemo.set(key, window);
  }
  return window;
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

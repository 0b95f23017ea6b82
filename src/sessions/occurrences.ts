import { isOccurrence, occurrenceDates, Recurrence } from '../recurrence/expand.js';
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

export function sessionRunsOn(session: MarketSession, date: string): boolean {
  return isOccurrence(recurrenceOf(session), date);
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
    const { start, end } = occurrenceWindow(date, session.startTime, session.endTime, timezone);
    const reason = cancellations.get(date);
    return {
      sessionId: session.id,
      name: session.name,
      date,
      start,
      end,
      startIso: formatInstant(start, timezone),
      endIso: formatInstant(end, timezone),
      cancelled: reason !== undefined,
      ...(reason !== undefined ? { reason } : {}),
    };
  });
}

export function byStart(a: Occurrence, b: Occurrence): number {
  return a.start - b.start || a.name.localeCompare(b.name) || a.sessionId.localeCompare(b.sessionId);
}

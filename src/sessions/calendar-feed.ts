import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical from 'ical-generator';
import { DateTime } from 'luxon';
import { MAX_DATE } from '../common/validation.js';
import { addDays } from '../recurrence/calendar.js';
import { parseRule } from '../recurrence/rule.js';
import type { Zone } from '../zones/zone.js';
import { runDates, spansOf, TimingSpan, windowOn } from './occurrences.js';
import type { MarketSession, PastTiming, SessionCancellation } from './session.js';

const FIRST_RUN_WITHIN_DAYS = 3_660;

/** `YYYYMMDDTHHMMSS`, the local form of a DATE-TIME with TZID (RFC 5545 §3.3.5, form 3). */
function localStamp(date: string, time: string): string {
  return `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
}

/** `YYYYMMDDTHHMMSSZ`, a UTC DATE-TIME. */
function utcStamp(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The RRULE of a span, as a calendar app must read it: DTSTART is the span's
 * first run (so the rule's defaults and phase follow from it, as they do from
 * validFrom here), and the span's end — its last run, however it was bounded
 * (COUNT, UNTIL, validUntil, a later change) — becomes a UTC UNTIL.
 */
function ruleLine(span: TimingSpan, last: string | null): string {
  const rule = parseRule(span.rrule);
  const parts = rule.text.split(';').filter((part) => !/^(UNTIL|COUNT)=/.test(part));
  if (last !== null) parts.push(`UNTIL=${utcStamp(windowOn(span, span.timezone, last).start)}`);
  return `RRULE:${parts.join(';')}`;
}

/** Whether a span ends at all: a later timing, a validity end, or the rule's own COUNT or UNTIL. */
function isFinite(span: TimingSpan): boolean {
  const rule = parseRule(span.rrule);
  return span.until !== null || span.validUntil !== null || rule.count !== null || rule.until !== null || rule.untilInstant !== null;
}

/**
 * A zone's sessions as an iCalendar feed (RFC 5545): one recurring VEVENT per
 * session — per timing, when a session's timing changed — with its RRULE,
 * EXDATEs for cancelled runs, and its times in the zone's TZID, with the
 * VTIMEZONE that defines it. Phone calendars then show the market's times.
 */
export function calendarFeed(zone: Zone, sessions: MarketSession[], past: PastTiming[], cancellations: SessionCancellation[]): string {
  const calendar = ical({ name: zone.name, prodId: { company: 'Tidal Market', product: 'market sessions', language: 'ZH' } });
  // No calendar-wide zone (DTSTAMP must stay UTC): each event carries its TZID, and the generator writes their VTIMEZONEs.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  for (const session of sessions) {
    const spans = spansOf(
      session,
      past.filter((p) => p.sessionId === session.id),
      zone.timezone,
    );
    for (const span of spans) {
      const from = span.from > span.validFrom ? span.from : span.validFrom;
      const to = span.until === null ? MAX_DATE : addDays(span.until, -1);
      // An endless span's first run lies within ten years of its start (rules are refused otherwise).
      const dates = runDates(span, span.timezone, from, isFinite(span) ? to : addDays(from, FIRST_RUN_WITHIN_DAYS));
      const first = dates[0];
      if (first === undefined) continue;
      const last = isFinite(span) ? dates[dates.length - 1] : null;
      const cancelled = cancellations
        .filter((c) => c.sessionId === session.id && c.date >= first && (last === null || c.date <= last) && dates.includes(c.date))
        .map((c) => localStamp(c.date, span.startTime));
      const window = windowOn(span, span.timezone, first);
      const lines = [ruleLine(span, last)];
      if (cancelled.length > 0) lines.push(`EXDATE;TZID=${span.timezone}:${cancelled.join(',')}`);
      calendar.createEvent({
        id: `${session.id}-${span.from}@tidal-market`,
        // luxon instants in the span's zone: ical-generator writes them as local times with that TZID.
        start: DateTime.fromMillis(window.start, { zone: span.timezone }),
        end: DateTime.fromMillis(window.end, { zone: span.timezone }),
        timezone: span.timezone,
        summary: `${zone.name} · ${session.name}`,
        location: zone.address,
        repeating: lines.join('\r\n'),
        stamp: DateTime.fromMillis(session.updatedAt, { zone: 'utc' }),
      });
    }
  }
  return calendar.toString();
}

import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error.js';
import { Memo } from '../common/memo.js';
import type { RowLock, Tx } from '../database/transactions.js';
import { type Stamp, TableChanges } from '../database/table-changes.js';
import type { Zone } from '../zones/zone.js';
import { MAX_DATE, MIN_DATE } from '../common/validation.js';
import { calendarFeed } from './calendar-feed.js';
import { CancellationsRepository } from './cancellations.repository.js';
import { byStart, expandSession, Occurrence, runDates, runsOn, spanOn, spansOf, windowOn } from './occurrences.js';
import type { MarketSession, PastTiming, SessionCancellation } from './session.js';
import { SessionsRepository } from './sessions.repository.js';

/** A zone's occurrences over a window, and the key that names the state they were made from. */
export interface ZoneOccurrences {
  /** Everything the occurrences depend on: a new key whenever a session or cancellation changes. */
  key: string;
  occurrences: Occurrence[];
}

/**
 * Memory for expansions, counted in approximate bytes: a year of three daily
 * sessions is ~1,100 occurrences, so a count limit alone could hold hundreds of MB.
 */
const EXPANSION_BYTES = 32 * 2 ** 20;
const BYTES_PER_OCCURRENCE = 320;

/** What a zone's occurrences are read from. */
const SCHEDULE_TABLES = ['zones', 'market_sessions', 'session_cancellations', 'session_history'];

function windowKey(w: { zone: Zone; from: string; to: string }): string {
  return `${w.zone.id}|${w.zone.timezone}|${w.from}|${w.to}`;
}

/** Reads of when markets run: a zone's occurrences over a window, or one session's occurrence on a date. */
@Injectable()
export class ScheduleService {
  private readonly expansions = new Memo<string, Occurrence[]>({
    max: 10_000,
    maxBytes: EXPANSION_BYTES,
    sizeOf: (occurrences, key) => key.length + 64 + occurrences.length * BYTES_PER_OCCURRENCE,
  });

  /**
   * The last answer per zone and window, used while no write of this process has touched the
   * tables it was read from (TableChanges; on PostgreSQL for at most a second): then a schedule
   * costs no read at all.
   */
  private readonly windows = new Memo<string, { stamp: Stamp; occurrences: ZoneOccurrences }>({
    max: 10_000,
    maxBytes: EXPANSION_BYTES,
    sizeOf: (kept, key) => key.length + kept.occurrences.key.length + 64 + kept.occurrences.occurrences.length * BYTES_PER_OCCURRENCE,
  });

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly cancellations: CancellationsRepository,
    private readonly changes: TableChanges,
  ) {}

  /**
   * Occurrences of a zone's sessions in [from, to] as they ran or will run
   * (past dates in the timing and time zone of their day), cancellations
   * applied, ordered by start; expanded once per state of the zone's sessions
   * and cancellations (the reads that decide the key run on every call, so no
   * instance serves a stale answer).
   */
  async zoneOccurrences(zone: Zone, from: string, to: string): Promise<ZoneOccurrences> {
    return (await this.zonesOccurrences([{ zone, from, to }])).get(zone.id)!;
  }

  /**
   * zoneOccurrences for several zones, each over its own window, in three
   * reads whatever their number (sessions, cancellations, past timings when
   * needed) instead of two or three per zone. Same keys, same expansions.
   */
  async zonesOccurrences(asked: { zone: Zone; from: string; to: string }[]): Promise<Map<string, ZoneOccurrences>> {
    const result = new Map<string, ZoneOccurrences>();
    const windows: typeof asked = [];
    for (const w of asked) {
      const kept = this.windows.get(windowKey(w));
      if (kept && this.changes.isCurrent(kept.stamp, SCHEDULE_TABLES)) result.set(w.zone.id, kept.occurrences);
      else windows.push(w);
    }
    if (windows.length === 0) return result;
    const stamp = this.changes.stamp(SCHEDULE_TABLES);
    const from = windows.reduce((min, w) => (w.from < min ? w.from : min), windows[0].from);
    const to = windows.reduce((max, w) => (w.to > max ? w.to : max), windows[0].to);
    const sessions = await this.sessions.ofZonesFrom(
      windows.map((w) => w.zone.id),
      from,
    );
    const ids = sessions.map((s) => s.id);
    const cancellations = await this.cancellations.ofSessions(ids, from, to);
    const past = sessions.some((s) => s.effectiveFrom > from || s.deletedAt !== null) ? await this.sessions.pastTimings(ids, from) : [];
    for (const w of windows) {
      // A deleted session counts for a zone only while its history reaches that zone's window (as in ofZoneFrom).
      const own = sessions.filter(
        (s) => s.zoneId === w.zone.id && (s.deletedAt === null || past.some((p) => p.sessionId === s.id && p.untilDate > w.from)),
      );
      const ownIds = new Set(own.map((s) => s.id));
      const occurrences = this.occurrencesOf(
        w.zone,
        w.from,
        w.to,
        own,
        past.filter((p) => ownIds.has(p.sessionId) && p.untilDate > w.from),
        cancellations.filter((c) => ownIds.has(c.sessionId) && c.date >= w.from && c.date <= w.to),
      );
      this.windows.set(windowKey(w), { stamp, occurrences });
      result.set(w.zone.id, occurrences);
    }
    return result;
  }

  private occurrencesOf(
    zone: Zone,
    from: string,
    to: string,
    sessions: MarketSession[],
    past: PastTiming[],
    cancellations: SessionCancellation[],
  ): ZoneOccurrences {
    // JSON, not a joined string: names and reasons are free text and must not make two states look alike.
    const key = JSON.stringify([
      zone.id,
      zone.timezone,
      from,
      to,
      sessions.map((s) => [s.id, s.version, s.name, s.deletedAt !== null]),
      cancellations.map((c) => [c.sessionId, c.date, c.reason]),
    ]);
    const occurrences = this.expansions.getOrMake(key, () => expand(zone, sessions, past, from, to, cancellations));
    return { key, occurrences };
  }

  /**
   * A zone's sessions as an iCalendar feed, with the key naming the state it
   * was made from (every session, timing and cancellation of the zone).
   */
  async calendar(zone: Zone): Promise<{ key: string; render: () => string }> {
    const sessions = await this.sessions.ofZoneFrom(zone.id, MIN_DATE);
    const ids = sessions.map((s) => s.id);
    const cancellations = await this.cancellations.ofSessions(ids, MIN_DATE, MAX_DATE);
    const key = JSON.stringify([
      zone.id,
      zone.name,
      zone.address,
      zone.timezone,
      sessions.map((s) => [s.id, s.version, s.name, s.deletedAt !== null]),
      cancellations.map((c) => [c.sessionId, c.date]),
    ]);
    const past = await this.sessions.pastTimings(ids);
    return { key, render: () => calendarFeed(zone, sessions, past, cancellations) };
  }

  /** A zone's live sessions, by id. */
  liveSessionsOfZone(zoneId: string): Promise<MarketSession[]> {
    return this.sessions.liveOfZone(zoneId);
  }

  /** A live (not deleted) session, if there is one. */
  findSession(id: string): Promise<MarketSession | undefined> {
    return this.sessions.findLive(id);
  }

  /** A live (not deleted) session, or 404. Inside a write, `lock` takes the one write rule's row lock. */
  async session(id: string, tx?: Tx, lock?: RowLock): Promise<MarketSession> {
    const session = await this.sessions.findLive(id, tx, lock);
    if (!session) throw notFound('session', id);
    return session;
  }

  /**
   * The session's occurrence on a date (in the timing that rules that date),
   * or null when it does not run that day. Cancellation is always read from
   * the database.
   */
  async occurrence(tx: Tx, session: MarketSession, zone: Zone, date: string): Promise<Occurrence | null> {
    const past = date < session.effectiveFrom ? await this.sessions.pastTimings([session.id], date, tx) : [];
    const span = spanOn(spansOf(session, past, zone.timezone), date);
    if (!span || !runsOn(span, span.timezone, date)) return null;
    const cancellation = await this.cancellations.find(session.id, date, tx);
    return {
      sessionId: session.id,
      name: session.name,
      date,
      ...windowOn(span, span.timezone, date),
      cancelled: cancellation !== undefined,
      ...(cancellation ? { reason: cancellation.reason } : {}),
    };
  }

  /** The dates in [from, to] on which a live session runs under its current timing (from its effectiveFrom on). */
  currentRunDates(session: MarketSession, zone: Zone, from: string, to: string): string[] {
    return runDates(session, zone.timezone, from > session.effectiveFrom ? from : session.effectiveFrom, to);
  }

  /** Session names by id (a session's current name, also for its past runs), in one read. */
  sessionNames(ids: string[]): Promise<Map<string, string>> {
    return this.sessions.names([...new Set(ids)]);
  }

  /**
   * The time zone each (session, date) ran in, for those that ran under a
   * past timing; the others are in their zone's current time zone.
   */
  async pastTimezones(runs: { sessionId: string; date: string }[]): Promise<Map<string, string>> {
    const ids = [...new Set(runs.map((run) => run.sessionId))];
    const past = await this.sessions.pastTimings(
      ids,
      runs.reduce((min, run) => (run.date < min ? run.date : min), '9999'),
    );
    const zones = new Map<string, string>();
    for (const run of runs) {
      const timing = past
        .filter((p) => p.sessionId === run.sessionId && run.date < p.untilDate)
        .sort((a, b) => a.untilDate.localeCompare(b.untilDate))[0];
      if (timing) zones.set(`${run.sessionId}|${run.date}`, timing.timezone);
    }
    return zones;
  }
}

function expand(
  zone: Zone,
  sessions: MarketSession[],
  past: PastTiming[],
  from: string,
  to: string,
  cancellations: SessionCancellation[],
): Occurrence[] {
  return sessions
    .flatMap((session) => {
      const cancelled = new Map(cancellations.filter((c) => c.sessionId === session.id).map((c) => [c.date, c.reason]));
      const spans = spansOf(
        session,
        past.filter((p) => p.sessionId === session.id),
        zone.timezone,
      );
      return expandSession(session, spans, from, to, cancelled);
    })
    .sort(byStart);
}

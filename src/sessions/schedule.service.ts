import { Injectable } from '@nestjs/common';
import { Between, EntityManager, In, IsNull } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { Database } from '../database/database.service.js';
import { Zone } from '../zones/zone.entity.js';
import { ZonesService } from '../zones/zones.service.js';
import { MarketSession } from './market-session.entity.js';
import { byStart, expandSession, Occurrence } from './occurrences.js';
import { SessionCancellation } from './session-cancellation.entity.js';

/** Reads of when markets run: a zone's schedule, or one session's occurrence on a date. */
const WINDOW_MEMO_LIMIT = 50_000;

@Injectable()
export class ScheduleService {
  private readonly windows = new Map<string, Occurrence | null>();

  constructor(
    private readonly db: Database,
    private readonly zones: ZonesService,
  ) {}

  async zoneSchedule(zoneId: string, from: string, to: string): Promise<{ zone: Zone; occurrences: Occurrence[] }> {
    const zone = await this.zones.get(zoneId);
    const sessions = await this.db.reader.find(MarketSession, { where: { zoneId, deletedAt: IsNull() } });
    return { zone, occurrences: await this.expand(zone, sessions, from, to, this.db.reader) };
  }

  /** Occurrences of the given sessions of one zone in [from, to], cancellations applied, ordered by start. */
  async expand(zone: Zone, sessions: MarketSession[], from: string, to: string, em: EntityManager): Promise<Occurrence[]> {
    if (sessions.length === 0) return [];
    const cancellations = await em.find(SessionCancellation, {
      where: { sessionId: In(sessions.map((s) => s.id)), date: Between(from, to) },
    });
    return sessions
      .flatMap((session) => {
        const cancelled = new Map(cancellations.filter((c) => c.sessionId === session.id).map((c) => [c.date, c.reason]));
        return expandSession(session, zone.timezone, from, to, cancelled);
      })
      .sort(byStart);
  }

  /** A live (not deleted) session. */
  async session(id: string, em: EntityManager = this.db.reader): Promise<MarketSession> {
    const session = await em.findOne(MarketSession, { where: { id, deletedAt: IsNull() } });
    if (!session) throw notFound('session', id);
    return session;
  }

  /**
   * The session's occurrence on a date, or null when the rule does not run
   * that day. The window is memoised per session version (a change of times or
   * rule bumps the version); cancellation is always read from the database.
   */
  async occurrence(em: EntityManager, session: MarketSession, zone: Zone, date: string): Promise<Occurrence | null> {
    const key = `${session.id}|${session.version}|${zone.timezone}|${date}`;
    let occurrence = this.windows.get(key);
    if (occurrence === undefined) {
      occurrence = expandSession(session, zone.timezone, date, date)[0] ?? null;
      if (this.windows.size >= WINDOW_MEMO_LIMIT) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, occurrence);
    }
    if (!occurrence) return null;
    const cancellation = await this.db
      .sql(em)
      .get<{ reason: string }>('SELECT reason FROM session_cancellations WHERE session_id = ? AND date = ?', [session.id, date]);
    return cancellation
      ? { ...occurrence, name: session.name, cancelled: true, reason: cancellation.reason }
      : { ...occurrence, name: session.name };
  }
}

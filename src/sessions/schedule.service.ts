import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { Database } from '../database/database.service.js';
import { Zone } from '../zones/zone.entity.js';
import { MarketSession, sessionFromRow } from './market-session.entity.js';
import { byStart, expandSession, Occurrence } from './occurrences.js';
import { SessionCancellation } from './session-cancellation.entity.js';

const EXPANSION_MEMO_LIMIT = 2_000;

/** Reads of when markets run: a zone's schedule, or one session's occurrence on a date. */
@Injectable()
export class ScheduleService {
  private readonly expansions = new Map<string, Occurrence[]>();

  constructor(private readonly db: Database) {}

  /** Occurrences of a zone's live sessions in [from, to], cancellations applied, ordered by start. */
  async zoneOccurrences(zone: Zone, from: string, to: string): Promise<Occurrence[]> {
    const sql = this.db.sql(this.db.reader);
    const sessions = (await sql.all('SELECT * FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL', [zone.id])).map(sessionFromRow);
    if (sessions.length === 0) return [];
    const cancellations = await sql.all<{ session_id: string; date: string; reason: string }>(
      `SELECT c.session_id, c.date, c.reason FROM session_cancellations c JOIN market_sessions s ON s.id = c.session_id
       WHERE s.zone_id = ? AND c.date BETWEEN ? AND ?`,
      [zone.id, from, to],
    );
    // Everything the answer depends on, so a cached expansion is reused only while it is still exact
    // (on any instance: the key is read from the database, not remembered).
    const key = [zone.timezone, from, to, ...sessions.map((s) => `${s.id}:${s.version}:${s.name}`).sort(),
      ...cancellations.map((c) => `${c.session_id}:${c.date}:${c.reason}`).sort()].join('|');
    let occurrences = this.expansions.get(key);
    if (!occurrences) {
      occurrences = this.expand(zone, sessions, from, to, cancellations.map((c) => ({ sessionId: c.session_id, date: c.date, reason: c.reason })));
      if (this.expansions.size >= EXPANSION_MEMO_LIMIT) this.expansions.delete(this.expansions.keys().next().value!);
      this.expansions.set(key, occurrences);
    }
    return occurrences;
  }

  private expand(
    zone: Zone,
    sessions: MarketSession[],
    from: string,
    to: string,
    cancellations: Pick<SessionCancellation, 'sessionId' | 'date' | 'reason'>[],
  ): Occurrence[] {
    return sessions
      .flatMap((session) => {
        const cancelled = new Map(cancellations.filter((c) => c.sessionId === session.id).map((c) => [c.date, c.reason]));
        return expandSession(session, zone.timezone, from, to, cancelled);
      })
      .sort(byStart);
  }

  /** A live (not deleted) session. */
  async session(id: string, em: EntityManager = this.db.reader): Promise<MarketSession> {
    const row = await this.db.sql(em).get('SELECT * FROM market_sessions WHERE id = ? AND deleted_at IS NULL', [id]);
    if (!row) throw notFound('session', id);
    return sessionFromRow(row);
  }

  /**
   * The session's occurrence on a date, or null when the rule does not run
   * that day. Cancellation is always read from the database.
   */
  async occurrence(em: EntityManager, session: MarketSession, zone: Zone, date: string): Promise<Occurrence | null> {
    const [occurrence] = expandSession(session, zone.timezone, date, date);
    if (!occurrence) return null;
    const cancellation = await this.db
      .sql(em)
      .get<{ reason: string }>('SELECT reason FROM session_cancellations WHERE session_id = ? AND date = ?', [session.id, date]);
    return cancellation ? { ...occurrence, cancelled: true, reason: cancellation.reason } : occurrence;
  }
}

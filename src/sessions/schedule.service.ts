import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { Database } from '../database/database.service.js';
import { Zone } from '../zones/zone.entity.js';
import { MarketSession, sessionFromRow } from './market-session.entity.js';
import { byStart, expandSession, Occurrence } from './occurrences.js';
import { SessionCancellation } from './session-cancellation.entity.js';
import { toScheduleItem } from './session.mapper.js';

/** A zone's schedule for one window, as computed once and then served from memory. */
interface Expansion {
  occurrences: Occurrence[];
  /** The answer of GET /api/zones/:id/schedule, made on first use. */
  body?: ScheduleBody;
}

/** A schedule answer as the bytes to send: JSON (UTF-8), and gzipped once it was asked for. */
export interface ScheduleBody {
  json: Buffer;
  gzip?: Buffer;
  /** Of the JSON text; the gzipped representation's tag adds a suffix. */
  etag: string;
}

/**
 * Memory for expansions, counted in approximate bytes: a year of three daily
 * sessions is ~1,100 occurrences and a ~190 KB answer, so a count limit alone
 * could hold hundreds of MB.
 */
/** Orders key tuples by id, then by version or date (their first two fields identify them). */
function byFirstThenSecond(a: (string | number)[], b: (string | number)[]): number {
  return String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]));
}

const EXPANSION_MEMO_BYTES = 48 * 2 ** 20;
const BYTES_PER_OCCURRENCE = 320;

/** Reads of when markets run: a zone's schedule, or one session's occurrence on a date. */
@Injectable()
export class ScheduleService {
  private readonly expansions = new LRUCache<string, Expansion>({
    maxSize: EXPANSION_MEMO_BYTES,
    sizeCalculation: (entry, key) =>
      key.length + 64 + entry.occurrences.length * BYTES_PER_OCCURRENCE + (entry.body?.json.length ?? 0) + (entry.body?.gzip?.length ?? 0),
  });

  constructor(private readonly db: Database) {}

  /** Occurrences of a zone's live sessions in [from, to], cancellations applied, ordered by start. */
  async zoneOccurrences(zone: Zone, from: string, to: string): Promise<Occurrence[]> {
    return (await this.expansionEntry(zone, from, to)).entry.occurrences;
  }

  /**
   * The schedule answer as bytes. A year of a zone is ~1,100 items (~190 KB of
   * JSON, ~10 KB gzipped): encoded once per version of its sessions and
   * cancellations, then served as is (the reads that decide the key still run
   * on every request, so no instance serves a stale answer).
   */
  async zoneScheduleBody(zone: Zone, from: string, to: string, gzip: boolean): Promise<ScheduleBody> {
    const { key, entry } = await this.expansionEntry(zone, from, to);
    let grew = false;
    if (!entry.body) {
      const json = Buffer.from(JSON.stringify({ items: entry.occurrences.map(toScheduleItem) }));
      entry.body = { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
      grew = true;
    }
    if (gzip && !entry.body.gzip) {
      entry.body.gzip = gzipSync(entry.body.json);
      grew = true;
    }
    if (grew && key) this.expansions.set(key, entry); // the cache counts the new bytes
    return entry.body;
  }

  private async expansionEntry(zone: Zone, from: string, to: string): Promise<{ key: string; entry: Expansion }> {
    const sql = this.db.sql(this.db.reader);
    const sessions = (await sql.all('SELECT * FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL', [zone.id])).map(sessionFromRow);
    // (Every zone without sessions has the same, empty answer.)
    if (sessions.length === 0) return { key: '', entry: { occurrences: [] } };
    const cancellations = await sql.all<{ session_id: string; date: string; reason: string }>(
      `SELECT c.session_id, c.date, c.reason FROM session_cancellations c JOIN market_sessions s ON s.id = c.session_id
       WHERE s.zone_id = ? AND c.date BETWEEN ? AND ?`,
      [zone.id, from, to],
    );
    // Everything the answer depends on, so a cached expansion is reused only while it is still exact
    // (on any instance: the key is read from the database, not remembered).
    // JSON, not a joined string: names and reasons are free text and must not make two states look alike.
    const key = JSON.stringify([
      zone.timezone, from, to,
      sessions.map((s) => [s.id, s.version, s.name]).sort(byFirstThenSecond),
      cancellations.map((c) => [c.session_id, c.date, c.reason]).sort(byFirstThenSecond),
    ]);
    let entry = this.expansions.get(key);
    if (!entry) {
      const occurrences = this.expand(zone, sessions, from, to, cancellations.map((c) => ({ sessionId: c.session_id, date: c.date, reason: c.reason })));
      entry = { occurrences };
      this.expansions.set(key, entry);
    }
    return { key, entry };
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

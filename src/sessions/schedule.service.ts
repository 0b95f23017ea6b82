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

/** One encoding of a schedule answer, ready to send. */
export interface Representation {
  bytes: Buffer;
  /** Strong validator: differs between encodings, as representations must. */
  etag: string;
}

/** A zone's schedule for one window, as computed once and then served from memory. */
interface Expansion {
  occurrences: Occurrence[];
  /** GET /api/zones/:id/schedule's answer as JSON, made on first use... */
  identity?: Representation;
  /** ...and gzipped, made the first time a client accepts gzip. */
  gzip?: Representation;
}

/**
 * Memory for expansions, counted in approximate bytes: a year of three daily
 * sessions is ~1,100 occurrences and a ~190 KB answer, so a count limit alone
 * could hold hundreds of MB.
 */
const EXPANSION_MEMO_BYTES = 48 * 2 ** 20;
const BYTES_PER_OCCURRENCE = 320;

function jsonRepresentation(occurrences: Occurrence[]): Representation {
  const bytes = Buffer.from(JSON.stringify({ items: occurrences.map(toScheduleItem) }));
  return { bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
}

/** The same content gzipped: the JSON's tag, marked as the other encoding. */
function gzipped(json: Representation): Representation {
  return { bytes: gzipSync(json.bytes), etag: `${json.etag.slice(0, -1)}-gzip"` };
}

/** Reads of when markets run: a zone's schedule, or one session's occurrence on a date. */
@Injectable()
export class ScheduleService {
  private readonly expansions = new LRUCache<string, Expansion>({
    maxSize: EXPANSION_MEMO_BYTES,
    sizeCalculation: (entry, key) =>
      key.length + 64 + entry.occurrences.length * BYTES_PER_OCCURRENCE + (entry.identity?.bytes.length ?? 0) + (entry.gzip?.bytes.length ?? 0),
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
  async zoneSchedule(zone: Zone, from: string, to: string, gzip: boolean): Promise<Representation> {
    const { key, entry } = await this.expansionEntry(zone, from, to);
    if (!entry.identity || (gzip && !entry.gzip)) {
      entry.identity ??= jsonRepresentation(entry.occurrences);
      if (gzip) entry.gzip ??= gzipped(entry.identity);
      this.expansions.set(key, entry); // so that the cache counts the new bytes
    }
    return gzip ? entry.gzip! : entry.identity;
  }

  private async expansionEntry(zone: Zone, from: string, to: string): Promise<{ key: string; entry: Expansion }> {
    const sql = this.db.sql(this.db.reader);
    // Ordered by id and by date, so the same state always makes the same key.
    const sessions = (await sql.all('SELECT * FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL ORDER BY id', [zone.id])).map(
      sessionFromRow,
    );
    const cancellations = await sql.all<{ session_id: string; date: string; reason: string }>(
      `SELECT c.session_id, c.date, c.reason FROM session_cancellations c JOIN market_sessions s ON s.id = c.session_id
       WHERE s.zone_id = ? AND c.date BETWEEN ? AND ? ORDER BY c.session_id, c.date`,
      [zone.id, from, to],
    );
    // Everything the answer depends on, so a cached expansion is reused only while it is still exact
    // (on any instance: the key is read from the database, not remembered). JSON, not a joined
    // string: names and reasons are free text and must not make two states look alike.
    const key = JSON.stringify([
      zone.timezone,
      from,
      to,
      sessions.map((s) => [s.id, s.version, s.name]),
      cancellations.map((c) => [c.session_id, c.date, c.reason]),
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

import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error.js';
import { Memo } from '../common/memo.js';
import type { Tx, RowLock } from '../database/transactions.js';
import type { Zone } from '../zones/zone.js';
import { CancellationsRepository } from './cancellations.repository.js';
import { byStart, expandSession, Occurrence } from './occurrences.js';
import type { MarketSession, SessionCancellation } from './session.js';
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

/** Reads of when markets run: a zone's occurrences over a window, or one session's occurrence on a date. */
@Injectable()
export class ScheduleService {
  private readonly expansions = new Memo<string, Occurrence[]>({
    max: 10_000,
    maxBytes: EXPANSION_BYTES,
    sizeOf: (occurrences, key) => key.length + 64 + occurrences.length * BYTES_PER_OCCURRENCE,
  });

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly cancellations: CancellationsRepository,
  ) {}

  /**
   * Occurrences of a zone's live sessions in [from, to], cancellations applied,
   * ordered by start; expanded once per state of the zone's sessions and
   * cancellations (the reads that decide the key run on every call, so no
   * instance serves a stale answer).
   */
  async zoneOccurrences(zone: Zone, from: string, to: string): Promise<ZoneOccurrences> {
    const sessions = await this.sessions.liveOfZone(zone.id);
    const cancellations = await this.cancellations.ofSessions(
      sessions.map((s) => s.id),
      from,
      to,
    );
    // JSON, not a joined string: names and reasons are free text and must not make two states look alike.
    const key = JSON.stringify([
      zone.id,
      zone.timezone,
      from,
      to,
      sessions.map((s) => [s.id, s.version, s.name]),
      cancellations.map((c) => [c.sessionId, c.date, c.reason]),
    ]);
    const occurrences = this.expansions.getOrMake(key, () => expand(zone, sessions, from, to, cancellations));
    return { key, occurrences };
  }

  /** A live (not deleted) session, or 404. Inside a write, `lock` takes the one write rule's row lock. */
  async session(id: string, tx?: Tx, lock?: RowLock): Promise<MarketSession> {
    const session = await this.sessions.findLive(id, tx, lock);
    if (!session) throw notFound('session', id);
    return session;
  }

  /**
   * The session's occurrence on a date, or null when the rule does not run
   * that day. Cancellation is always read from the database.
   */
  async occurrence(tx: Tx, session: MarketSession, zone: Zone, date: string): Promise<Occurrence | null> {
    const [occurrence] = expandSession(session, zone.timezone, date, date);
    if (!occurrence) return null;
    const cancellation = await this.cancellations.find(session.id, date, tx);
    return cancellation ? { ...occurrence, cancelled: true, reason: cancellation.reason } : occurrence;
  }
}

function expand(zone: Zone, sessions: MarketSession[], from: string, to: string, cancellations: SessionCancellation[]): Occurrence[] {
  return sessions
    .flatMap((session) => {
      const cancelled = new Map(cancellations.filter((c) => c.sessionId === session.id).map((c) => [c.date, c.reason]));
      return expandSession(session, zone.timezone, from, to, cancelled);
    })
    .sort(byStart);
}

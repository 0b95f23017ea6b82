import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import { placeholders } from '../database/sql.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { MarketSession, PastTiming } from './session.js';

const COLUMNS =
  'id, zone_id, name, start_time, end_time, rrule, valid_from, valid_until, version, effective_from, deleted_at, created_at, updated_at';
const PAST_COLUMNS = 'session_id, until_date, start_time, end_time, rrule, valid_from, valid_until, timezone, created_at';

function fromRow(row: Row): MarketSession {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    name: String(row.name),
    startTime: String(row.start_time),
    endTime: String(row.end_time),
    rrule: String(row.rrule),
    validFrom: String(row.valid_from),
    validUntil: strOrNull(row.valid_until),
    version: num(row.version),
    effectiveFrom: String(row.effective_from),
    deletedAt: numOrNull(row.deleted_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function pastFromRow(row: Row): PastTiming {
  return {
    sessionId: String(row.session_id),
    untilDate: String(row.until_date),
    startTime: String(row.start_time),
    endTime: String(row.end_time),
    rrule: String(row.rrule),
    validFrom: String(row.valid_from),
    validUntil: strOrNull(row.valid_until),
    timezone: String(row.timezone),
    createdAt: num(row.created_at),
  };
}

/** The only code that speaks SQL to `market_sessions` and `session_history` (a session and its past timings). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  /** A live (not deleted) session. Inside a write, `lock` takes the one write rule's row lock. */
  async findLive(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<MarketSession | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM market_sessions WHERE id = ? AND deleted_at IS NULL${lockClause(tx.dialect, lock)}`, [
      id,
    ]);
    return row && fromRow(row);
  }

  /** A zone's live sessions, by id (so that the same state always reads the same), locked when asked. */
  async liveOfZone(zoneId: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<MarketSession[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL ORDER BY id${lockClause(tx.dialect, lock)}`,
      [zoneId],
    );
    return rows.map(fromRow);
  }

  /**
   * A zone's sessions that may have occurrences on or after `from`: the live
   * ones, and deleted ones whose past timings reach that far. By id.
   */
  ofZoneFrom(zoneId: string, from: string): Promise<MarketSession[]> {
    return this.ofZonesFrom([zoneId], from);
  }

  /** ofZoneFrom for several zones in one read (the residents' search shows a page of zones at once). */
  async ofZonesFrom(zoneIds: string[], from: string): Promise<MarketSession[]> {
    if (zoneIds.length === 0) return [];
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM market_sessions s WHERE zone_id IN (${placeholders(zoneIds.length)}) AND (deleted_at IS NULL
         OR EXISTS (SELECT 1 FROM session_history h WHERE h.session_id = s.id AND h.until_date > ?)) ORDER BY id`,
      [...zoneIds, from],
    );
    return rows.map(fromRow);
  }

  async pageOfZone(zoneId: string, page: { limit: number; offset: number }): Promise<Page<MarketSession>> {
    const sql = this.db.reader;
    const rows = await sql.all(
      `SELECT ${COLUMNS} FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL ORDER BY start_time, name, id LIMIT ? OFFSET ?`,
      [zoneId, page.limit, page.offset],
    );
    const total = await sql.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL', [
      zoneId,
    ]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  async countLiveOfZone(tx: Tx, zoneId: string): Promise<number> {
    const row = await tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL', [
      zoneId,
    ]);
    return num(row?.n ?? 0);
  }

  async insert(tx: Tx, session: MarketSession): Promise<void> {
    await tx.run(`INSERT INTO market_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      session.id,
      session.zoneId,
      session.name,
      session.startTime,
      session.endTime,
      session.rrule,
      session.validFrom,
      session.validUntil,
      session.version,
      session.effectiveFrom,
      session.deletedAt,
      session.createdAt,
      session.updatedAt,
    ]);
  }

  async update(tx: Tx, session: MarketSession): Promise<void> {
    await tx.run(
      `UPDATE market_sessions SET name = ?, start_time = ?, end_time = ?, rrule = ?, valid_from = ?, valid_until = ?, version = ?,
         effective_from = ?, deleted_at = ?, updated_at = ? WHERE id = ?`,
      [
        session.name,
        session.startTime,
        session.endTime,
        session.rrule,
        session.validFrom,
        session.validUntil,
        session.version,
        session.effectiveFrom,
        session.deletedAt,
        session.updatedAt,
        session.id,
      ],
    );
  }

  /** Names of these sessions, deleted ones included (their past claims still show them), in one read. */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.reader.all<{ id: string; name: string }>(
      `SELECT id, name FROM market_sessions WHERE id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Past timings of these sessions that ruled dates after `after` (all of them when omitted). */
  async pastTimings(sessionIds: string[], after = '', tx: Tx = this.db.reader): Promise<PastTiming[]> {
    if (sessionIds.length === 0) return [];
    const rows = await tx.all(
      `SELECT ${PAST_COLUMNS} FROM session_history WHERE session_id IN (${placeholders(sessionIds.length)}) AND until_date > ? ORDER BY session_id, until_date`,
      [...sessionIds, after],
    );
    return rows.map(pastFromRow);
  }

  async insertPast(tx: Tx, past: PastTiming): Promise<void> {
    await tx.run(`INSERT INTO session_history (${PAST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      past.sessionId,
      past.untilDate,
      past.startTime,
      past.endTime,
      past.rrule,
      past.validFrom,
      past.validUntil,
      past.timezone,
      past.createdAt,
    ]);
  }
}

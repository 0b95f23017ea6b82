import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { Tx, RowLock } from '../database/transactions.js';
import type { MarketSession } from './session.js';

const COLUMNS = 'id, zone_id, name, start_time, end_time, rrule, valid_from, valid_until, version, deleted_at, created_at, updated_at';

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
    deletedAt: numOrNull(row.deleted_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** The only code that speaks SQL to `market_sessions`. */
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

  /** A zone's live sessions, by id (so that the same state always reads the same). */
  async liveOfZone(zoneId: string): Promise<MarketSession[]> {
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM market_sessions WHERE zone_id = ? AND deleted_at IS NULL ORDER BY id`, [
      zoneId,
    ]);
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

  async insert(tx: Tx, session: MarketSession): Promise<void> {
    await tx.run(`INSERT INTO market_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      session.id,
      session.zoneId,
      session.name,
      session.startTime,
      session.endTime,
      session.rrule,
      session.validFrom,
      session.validUntil,
      session.version,
      session.deletedAt,
      session.createdAt,
      session.updatedAt,
    ]);
  }

  async update(tx: Tx, session: MarketSession): Promise<void> {
    await tx.run(
      `UPDATE market_sessions SET name = ?, start_time = ?, end_time = ?, rrule = ?, valid_from = ?, valid_until = ?, version = ?,
         deleted_at = ?, updated_at = ? WHERE id = ?`,
      [
        session.name,
        session.startTime,
        session.endTime,
        session.rrule,
        session.validFrom,
        session.validUntil,
        session.version,
        session.deletedAt,
        session.updatedAt,
        session.id,
      ],
    );
  }
}

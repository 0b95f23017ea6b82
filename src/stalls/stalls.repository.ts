import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, Row } from '../database/row.js';
import { placeholders } from '../database/sql.js';
import type { Tx, RowLock } from '../database/transactions.js';
import type { Stall, StallCategory, StallStatus } from './stall.js';

const COLUMNS = 'id, zone_id, code, category, status, created_at';

function fromRow(row: Row): Stall {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    code: String(row.code),
    category: row.category as StallCategory,
    status: row.status as StallStatus,
    createdAt: num(row.created_at),
  };
}

/** Rows per INSERT when stalls are created in bulk (SQLite allows 32,766 parameters; 100 × 6 is far below). */
const INSERT_CHUNK = 100;

/** The only code that speaks SQL to `stalls`. */
@Injectable()
export class StallsRepository {
  constructor(private readonly db: Database) {}

  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Stall | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM stalls WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /** Up to `limit` of these codes that the zone already uses. */
  async takenCodes(tx: Tx, zoneId: string, codes: string[], limit: number): Promise<string[]> {
    const taken: string[] = [];
    for (let i = 0; i < codes.length && taken.length < limit; i += INSERT_CHUNK) {
      const chunk = codes.slice(i, i + INSERT_CHUNK);
      const rows = await tx.all<{ code: string }>(
        `SELECT code FROM stalls WHERE zone_id = ? AND code IN (${placeholders(chunk.length)}) ORDER BY code LIMIT ?`,
        [zoneId, ...chunk, limit - taken.length],
      );
      taken.push(...rows.map((row) => row.code));
    }
    return taken;
  }

  async insertMany(tx: Tx, stalls: Stall[]): Promise<void> {
    for (let i = 0; i < stalls.length; i += INSERT_CHUNK) {
      const chunk = stalls.slice(i, i + INSERT_CHUNK);
      await tx.run(
        `INSERT INTO stalls (${COLUMNS}) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((s) => [s.id, s.zoneId, s.code, s.category, s.status, s.createdAt]),
      );
    }
  }

  async update(tx: Tx, stall: Stall): Promise<void> {
    await tx.run('UPDATE stalls SET category = ?, status = ? WHERE id = ?', [stall.category, stall.status, stall.id]);
  }

  /** A zone's stalls in code order, a page of them or (without paging) all. */
  async listByZone(zoneId: string, page?: { limit: number; offset: number }): Promise<Page<Stall>> {
    const sql = this.db.reader;
    if (!page) {
      const items = (await sql.all(`SELECT ${COLUMNS} FROM stalls WHERE zone_id = ? ORDER BY code`, [zoneId])).map(fromRow);
      return { items, total: items.length };
    }
    const rows = await sql.all(`SELECT ${COLUMNS} FROM stalls WHERE zone_id = ? ORDER BY code LIMIT ? OFFSET ?`, [
      zoneId,
      page.limit,
      page.offset,
    ]);
    const total = await sql.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM stalls WHERE zone_id = ?', [zoneId]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /** Categories of the given stalls. */
  async categories(ids: string[]): Promise<Map<string, StallCategory>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.reader.all<{ id: string; category: StallCategory }>(
      `SELECT id, category FROM stalls WHERE id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, row.category]));
  }

  /** Codes of the given stalls, for showing claims. */
  async codes(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.reader.all<{ id: string; code: string }>(
      `SELECT id, code FROM stalls WHERE id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, row.code]));
  }
}

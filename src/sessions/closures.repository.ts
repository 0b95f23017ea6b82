import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { json, num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { Closure } from './closure.js';

const COLUMNS = 'id, date, reason, district, zone_ids, session_names, occurrences, claims_cancelled, created_by, created_at, restored_at';

function fromRow(row: Row): Closure {
  return {
    id: String(row.id),
    date: String(row.date),
    reason: String(row.reason),
    district: strOrNull(row.district),
    zoneIds: row.zone_ids === null ? null : json<string[]>(row.zone_ids),
    sessionNames: row.session_names === null ? null : json<string[]>(row.session_names),
    occurrences: num(row.occurrences),
    claimsCancelled: num(row.claims_cancelled),
    createdBy: strOrNull(row.created_by),
    createdAt: num(row.created_at),
    restoredAt: numOrNull(row.restored_at),
  };
}

/** The only code that speaks SQL to `closures`. */
@Injectable()
export class ClosuresRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, closure: Closure): Promise<void> {
    await tx.run(`INSERT INTO closures (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      closure.id,
      closure.date,
      closure.reason,
      closure.district,
      closure.zoneIds === null ? null : JSON.stringify(closure.zoneIds),
      closure.sessionNames === null ? null : JSON.stringify(closure.sessionNames),
      closure.occurrences,
      closure.claimsCancelled,
      closure.createdBy,
      closure.createdAt,
      closure.restoredAt,
    ]);
  }

  /** Inside a write, `lock` takes the row lock (two restorations of one closure run one after the other). */
  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Closure | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM closures WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /** Marks it restored, only if it was not (the caller has the row locked and checked). */
  async markRestored(tx: Tx, id: string, at: number): Promise<void> {
    await tx.run('UPDATE closures SET restored_at = ? WHERE id = ? AND restored_at IS NULL', [at, id]);
  }

  /** Closures dated in [from, to], by date then creation (ix_closures_date). */
  async list(range: { from: string; to: string; limit: number; offset: number }): Promise<Page<Closure>> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM closures WHERE date BETWEEN ? AND ? ORDER BY date, created_at, id LIMIT ? OFFSET ?`,
      [range.from, range.to, range.limit, range.offset],
    );
    const total = await this.db.reader.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM closures WHERE date BETWEEN ? AND ?', [
      range.from,
      range.to,
    ]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }
}

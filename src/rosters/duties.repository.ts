import { Injectable } from '@nestjs/common';
import { Database, lockClause } from '../database/database.service.js';
import { num, Row, strOrNull } from '../database/row.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { Duty } from './roster.js';

const COLUMNS = 'id, zone_id, session_id, name, rrule, headcount, anchor_date, created_by, created_at';

function fromRow(row: Row): Duty {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    sessionId: String(row.session_id),
    name: String(row.name),
    rrule: String(row.rrule),
    headcount: num(row.headcount),
    anchorDate: String(row.anchor_date),
    createdBy: strOrNull(row.created_by),
    createdAt: num(row.created_at),
  };
}

/** The only code that speaks SQL to `duties`. */
@Injectable()
export class DutiesRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, duty: Duty): Promise<void> {
    await tx.run(`INSERT INTO duties (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      duty.id,
      duty.zoneId,
      duty.sessionId,
      duty.name,
      duty.rrule,
      duty.headcount,
      duty.anchorDate,
      duty.createdBy,
      duty.createdAt,
    ]);
  }

  /** A zone's duties by id (the order generation walks them in); locked when asked, so generations of a zone run one at a time. */
  async ofZone(zoneId: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Duty[]> {
    const rows = await tx.all(`SELECT ${COLUMNS} FROM duties WHERE zone_id = ? ORDER BY id${lockClause(tx.dialect, lock)}`, [zoneId]);
    return rows.map(fromRow);
  }
}

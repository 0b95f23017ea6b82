import { Injectable } from '@nestjs/common';
import { Database, lockClause } from '../database/database.service.js';
import { num, Row } from '../database/row.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { StallCategory } from '../stalls/stall.js';
import type { WaitlistEntry, WaitlistStatus } from './allocation.js';

const COLUMNS = 'id, zone_id, session_id, date, vendor_id, category, status, created_at, updated_at';

function fromRow(row: Row): WaitlistEntry {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    sessionId: String(row.session_id),
    date: String(row.date),
    vendorId: String(row.vendor_id),
    category: row.category as StallCategory,
    status: row.status as WaitlistStatus,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** The only code that speaks SQL to `waitlist_entries`. */
@Injectable()
export class WaitlistRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, entry: WaitlistEntry): Promise<void> {
    await tx.run(`INSERT INTO waitlist_entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      entry.id,
      entry.zoneId,
      entry.sessionId,
      entry.date,
      entry.vendorId,
      entry.category,
      entry.status,
      entry.createdAt,
      entry.updatedAt,
    ]);
  }

  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<WaitlistEntry | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM waitlist_entries WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /** Whether the vendor already waits (or holds an offer) on this run (uq_waitlist_entries_vendor_run's terms). */
  async isWaiting(tx: Tx, sessionId: string, date: string, vendorId: string): Promise<boolean> {
    const row = await tx.get(
      `SELECT id FROM waitlist_entries WHERE session_id = ? AND date = ? AND vendor_id = ? AND status IN ('waiting', 'offered')`,
      [sessionId, date, vendorId],
    );
    return row !== undefined;
  }

  /** A run's line: those still waiting, first come first (ix_waitlist_entries_run); locked when asked. */
  async waiting(tx: Tx, sessionId: string, date: string, lock?: RowLock): Promise<WaitlistEntry[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM waitlist_entries WHERE session_id = ? AND date = ? AND status = 'waiting' ORDER BY created_at, id${lockClause(tx.dialect, lock)}`,
      [sessionId, date],
    );
    return rows.map(fromRow);
  }

  /** How many wait ahead of an entry on its run. */
  async ahead(entry: WaitlistEntry, tx: Tx = this.db.reader): Promise<number> {
    const row = await tx.get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM waitlist_entries WHERE session_id = ? AND date = ? AND status = 'waiting' AND (created_at < ? OR (created_at = ? AND id < ?))`,
      [entry.sessionId, entry.date, entry.createdAt, entry.createdAt, entry.id],
    );
    return num(row?.n ?? 0);
  }

  /** Changes an entry's status only from the one it was read with; returns whether it did. */
  async setStatus(tx: Tx, entry: WaitlistEntry, status: WaitlistStatus, now: number): Promise<boolean> {
    const changed = await tx.run('UPDATE waitlist_entries SET status = ?, updated_at = ? WHERE id = ? AND status = ?', [
      status,
      now,
      entry.id,
      entry.status,
    ]);
    return changed === 1;
  }

  /** A vendor's entries still in line or on offer, by run. */
  async activeOfVendor(vendorId: string): Promise<WaitlistEntry[]> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM waitlist_entries WHERE vendor_id = ? AND status IN ('waiting', 'offered') ORDER BY date, created_at`,
      [vendorId],
    );
    return rows.map(fromRow);
  }
}

import { Injectable } from '@nestjs/common';
import { Database, lockClause } from '../database/database.service.js';
import { bool, num, numOrNull, Row, strOrNull } from '../database/row.js';
import { placeholders } from '../database/sql.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { Tally } from './fairness.js';
import type { EntryStatus, RosterEntry, RosterSwap, SwapStatus } from './roster.js';

const COLUMNS =
  'id, zone_id, duty_id, session_id, date, vendor_id, status, swapped, understaffed, marked_by, marked_at, created_at, updated_at';
const SWAP_COLUMNS = 'id, entry_id, from_vendor_id, to_vendor_id, status, created_at, decided_at';

function fromRow(row: Row): RosterEntry {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    dutyId: String(row.duty_id),
    sessionId: String(row.session_id),
    date: String(row.date),
    vendorId: String(row.vendor_id),
    status: row.status as EntryStatus,
    swapped: bool(row.swapped),
    understaffed: bool(row.understaffed),
    markedBy: strOrNull(row.marked_by),
    markedAt: numOrNull(row.marked_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function swapFromRow(row: Row): RosterSwap {
  return {
    id: String(row.id),
    entryId: String(row.entry_id),
    fromVendorId: String(row.from_vendor_id),
    toVendorId: String(row.to_vendor_id),
    status: row.status as SwapStatus,
    createdAt: num(row.created_at),
    decidedAt: numOrNull(row.decided_at),
  };
}

/** The only code that speaks SQL to `roster_entries` and `roster_swaps` (an entry and the swaps asked for it). */
@Injectable()
export class RosterRepository {
  constructor(private readonly db: Database) {}

  async find(id: string, tx: Tx = this.db.reader, lock?: 'update'): Promise<RosterEntry | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM roster_entries WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /** A zone's entries dated in [from, to], by date, duty and vendor (ix_roster_entries_zone_date). */
  async ofZone(zoneId: string, from: string, to: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<RosterEntry[]> {
    const order = 'ORDER BY date, duty_id, vendor_id';
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM roster_entries WHERE zone_id = ? AND date BETWEEN ? AND ? ${order}${lockClause(tx.dialect, lock)}`,
      [zoneId, from, to],
    );
    return rows.map(fromRow);
  }

  /** A vendor's entries dated in [from, to] (ix_roster_entries_vendor_date). */
  async ofVendor(vendorId: string, from: string, to: string): Promise<RosterEntry[]> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM roster_entries WHERE vendor_id = ? AND date BETWEEN ? AND ? ORDER BY date, duty_id`,
      [vendorId, from, to],
    );
    return rows.map(fromRow);
  }

  /** Every vendor's count and latest date of the zone's entries dated before `date`. */
  async talliesBefore(tx: Tx, zoneId: string, date: string): Promise<Map<string, Tally>> {
    const rows = await tx.all<{ vendor_id: string; n: unknown; last: string }>(
      'SELECT vendor_id, COUNT(*) AS n, MAX(date) AS last FROM roster_entries WHERE zone_id = ? AND date < ? GROUP BY vendor_id',
      [zoneId, date],
    );
    return new Map(rows.map((row) => [row.vendor_id, { served: num(row.n), last: row.last }]));
  }

  async insertMany(tx: Tx, entries: RosterEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 50) {
      const chunk = entries.slice(i, i + 50);
      await tx.run(
        `INSERT INTO roster_entries (${COLUMNS}) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((e) => [
          e.id,
          e.zoneId,
          e.dutyId,
          e.sessionId,
          e.date,
          e.vendorId,
          e.status,
          e.swapped,
          e.understaffed,
          e.markedBy,
          e.markedAt,
          e.createdAt,
          e.updatedAt,
        ]),
      );
    }
  }

  /** Deletes these entries and the swaps asked for them. */
  async deleteMany(tx: Tx, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      await tx.run(`DELETE FROM roster_swaps WHERE entry_id IN (${placeholders(chunk.length)})`, chunk);
      await tx.run(`DELETE FROM roster_entries WHERE id IN (${placeholders(chunk.length)})`, chunk);
    }
  }

  /** Whether the vendor already has an entry on this duty that day (uq_roster_entries_duty_date_vendor's terms). */
  async onDuty(tx: Tx, dutyId: string, date: string, vendorId: string): Promise<boolean> {
    return (
      (await tx.get('SELECT id FROM roster_entries WHERE duty_id = ? AND date = ? AND vendor_id = ?', [dutyId, date, vendorId])) !==
      undefined
    );
  }

  /** The assigned entries of a vendor on a session's date (a released claim takes them off). */
  async assignedOn(tx: Tx, vendorId: string, sessionId: string, date: string): Promise<RosterEntry[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM roster_entries WHERE vendor_id = ? AND date = ? AND session_id = ? AND status = 'assigned'${lockClause(tx.dialect, 'update')}`,
      [vendorId, date, sessionId],
    );
    return rows.map(fromRow);
  }

  /** Changes an entry only if it still has the status and vendor it was read with; returns whether it did. */
  async update(tx: Tx, before: RosterEntry, after: RosterEntry): Promise<boolean> {
    const changed = await tx.run(
      `UPDATE roster_entries SET vendor_id = ?, status = ?, swapped = ?, marked_by = ?, marked_at = ?, updated_at = ?
       WHERE id = ? AND status = ? AND vendor_id = ?`,
      [
        after.vendorId,
        after.status,
        after.swapped,
        after.markedBy,
        after.markedAt,
        after.updatedAt,
        before.id,
        before.status,
        before.vendorId,
      ],
    );
    return changed === 1;
  }

  /** Done and missed duties of each vendor, in every zone (ix_roster_entries_vendor_date). */
  async recordsOf(vendorIds: string[]): Promise<Map<string, { served: number; missed: number }>> {
    const records = new Map(vendorIds.map((id) => [id, { served: 0, missed: 0 }]));
    if (vendorIds.length === 0) return records;
    const rows = await this.db.reader.all<{ vendor_id: string; status: EntryStatus; n: unknown }>(
      `SELECT vendor_id, status, COUNT(*) AS n FROM roster_entries WHERE vendor_id IN (${placeholders(vendorIds.length)}) AND status IN ('done', 'missed')
       GROUP BY vendor_id, status`,
      vendorIds,
    );
    for (const row of rows) {
      const record = records.get(row.vendor_id)!;
      if (row.status === 'done') record.served = num(row.n);
      else record.missed = num(row.n);
    }
    return records;
  }

  async insertSwap(tx: Tx, swap: RosterSwap): Promise<void> {
    await tx.run(`INSERT INTO roster_swaps (${SWAP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      swap.id,
      swap.entryId,
      swap.fromVendorId,
      swap.toVendorId,
      swap.status,
      swap.createdAt,
      swap.decidedAt,
    ]);
  }

  async findSwap(id: string, tx: Tx = this.db.reader, lock?: 'update'): Promise<RosterSwap | undefined> {
    const row = await tx.get(`SELECT ${SWAP_COLUMNS} FROM roster_swaps WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && swapFromRow(row);
  }

  /** Swaps waiting for an answer that a vendor asked or was asked, oldest first (a few per vendor: no index needed). */
  async pendingSwapsOf(vendorId: string): Promise<RosterSwap[]> {
    const rows = await this.db.reader.all(
      `SELECT ${SWAP_COLUMNS} FROM roster_swaps WHERE status = 'pending' AND (to_vendor_id = ? OR from_vendor_id = ?) ORDER BY created_at, id`,
      [vendorId, vendorId],
    );
    return rows.map(swapFromRow);
  }

  async decideSwap(tx: Tx, id: string, status: SwapStatus, at: number): Promise<void> {
    await tx.run(`UPDATE roster_swaps SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'`, [status, at, id]);
  }

  /** Pending swaps of an entry become void (its vendor changed, or it was done or missed). */
  async voidSwapsOf(tx: Tx, entryId: string, at: number): Promise<void> {
    await tx.run(`UPDATE roster_swaps SET status = 'void', decided_at = ? WHERE entry_id = ? AND status = 'pending'`, [at, entryId]);
  }
}

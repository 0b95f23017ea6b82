import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { Violation, ViolationStatus, ViolationType } from './violation.js';

const COLUMNS =
  'id, vendor_id, zone_id, type, occurred_at, note, source_id, status, rank, suspended_until, appeal_text, appealed_at, ' +
  'resolution_note, resolved_by, resolved_at, created_by, created_at';

function fromRow(row: Row): Violation {
  return {
    id: String(row.id),
    vendorId: String(row.vendor_id),
    zoneId: String(row.zone_id),
    type: row.type as ViolationType,
    occurredAt: num(row.occurred_at),
    note: String(row.note),
    sourceId: strOrNull(row.source_id),
    status: row.status as ViolationStatus,
    rank: num(row.rank),
    suspendedUntil: numOrNull(row.suspended_until),
    appealText: strOrNull(row.appeal_text),
    appealedAt: numOrNull(row.appealed_at),
    resolutionNote: strOrNull(row.resolution_note),
    resolvedBy: strOrNull(row.resolved_by),
    resolvedAt: numOrNull(row.resolved_at),
    createdBy: strOrNull(row.created_by),
    createdAt: num(row.created_at),
  };
}

/** The only code that speaks SQL to `violations`. */
@Injectable()
export class ViolationsRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, v: Violation): Promise<void> {
    await tx.run(`INSERT INTO violations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      v.id,
      v.vendorId,
      v.zoneId,
      v.type,
      v.occurredAt,
      v.note,
      v.sourceId,
      v.status,
      v.rank,
      v.suspendedUntil,
      v.appealText,
      v.appealedAt,
      v.resolutionNote,
      v.resolvedBy,
      v.resolvedAt,
      v.createdBy,
      v.createdAt,
    ]);
  }

  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Violation | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM violations WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /** Whether an automatic violation was recorded for this claim or entry already (uq_violations_source's terms). */
  async recordedFor(tx: Tx, type: ViolationType, sourceId: string): Promise<boolean> {
    return (await tx.get('SELECT id FROM violations WHERE type = ? AND source_id = ?', [type, sourceId])) !== undefined;
  }

  /** How many of a vendor's violations that still count (not overturned) occurred in (after, until]. */
  async countingBetween(tx: Tx, vendorId: string, after: number, until: number): Promise<number> {
    const row = await tx.get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM violations WHERE vendor_id = ? AND occurred_at > ? AND occurred_at <= ? AND status <> 'overturned'`,
      [vendorId, after, until],
    );
    return num(row?.n ?? 0);
  }

  /** A vendor's violations that brought a suspension, still counting, newest first. */
  async suspending(tx: Tx, vendorId: string): Promise<Violation[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM violations WHERE vendor_id = ? AND suspended_until IS NOT NULL AND status <> 'overturned' ORDER BY created_at DESC, id`,
      [vendorId],
    );
    return rows.map(fromRow);
  }

  async pageOfVendor(vendorId: string, page: { limit: number; offset: number }): Promise<Page<Violation>> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM violations WHERE vendor_id = ? ORDER BY occurred_at DESC, id LIMIT ? OFFSET ?`,
      [vendorId, page.limit, page.offset],
    );
    const total = await this.db.reader.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM violations WHERE vendor_id = ?', [vendorId]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /** Violations across every vendor, optionally of one status, newest recorded first. */
  async page(filter: { status?: ViolationStatus }, page: { limit: number; offset: number }): Promise<Page<Violation>> {
    const where = filter.status === undefined ? '' : ' WHERE status = ?';
    const params = filter.status === undefined ? [] : [filter.status];
    const rows = await this.db.reader.all(`SELECT ${COLUMNS} FROM violations${where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, [
      ...params,
      page.limit,
      page.offset,
    ]);
    const total = await this.db.reader.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM violations${where}`, params);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /** Writes an appeal or a resolution, only from the status it was read with; returns whether it did. */
  async update(tx: Tx, before: Violation, after: Violation): Promise<boolean> {
    const changed = await tx.run(
      `UPDATE violations SET status = ?, appeal_text = ?, appealed_at = ?, resolution_note = ?, resolved_by = ?, resolved_at = ?
       WHERE id = ? AND status = ?`,
      [
        after.status,
        after.appealText,
        after.appealedAt,
        after.resolutionNote,
        after.resolvedBy,
        after.resolvedAt,
        before.id,
        before.status,
      ],
    );
    return changed === 1;
  }
}

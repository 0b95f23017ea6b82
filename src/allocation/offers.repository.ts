import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { RowLock, Tx } from '../database/transactions.js';
import type { Offer, OfferSource, OfferStatus } from './allocation.js';

const COLUMNS =
  'id, vendor_id, zone_id, session_id, date, stall_id, source, source_id, status, expires_at, reminded_at, claim_id, created_at, decided_at';

function fromRow(row: Row): Offer {
  return {
    id: String(row.id),
    vendorId: String(row.vendor_id),
    zoneId: String(row.zone_id),
    sessionId: String(row.session_id),
    date: String(row.date),
    stallId: String(row.stall_id),
    source: row.source as OfferSource,
    sourceId: String(row.source_id),
    status: row.status as OfferStatus,
    expiresAt: num(row.expires_at),
    remindedAt: numOrNull(row.reminded_at),
    claimId: strOrNull(row.claim_id),
    createdAt: num(row.created_at),
    decidedAt: numOrNull(row.decided_at),
  };
}

/** The only code that speaks SQL to `offers`. */
@Injectable()
export class OffersRepository {
  constructor(private readonly db: Database) {}

  async insert(tx: Tx, offer: Offer): Promise<void> {
    await tx.run(`INSERT INTO offers (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      offer.id,
      offer.vendorId,
      offer.zoneId,
      offer.sessionId,
      offer.date,
      offer.stallId,
      offer.source,
      offer.sourceId,
      offer.status,
      offer.expiresAt,
      offer.remindedAt,
      offer.claimId,
      offer.createdAt,
      offer.decidedAt,
    ]);
  }

  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Offer | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM offers WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /** The open offer holding a slot, if one has not expired at `now` (uq_offers_open_slot). */
  async holding(tx: Tx, stallId: string, sessionId: string, date: string, now: number): Promise<Offer | undefined> {
    const row = await tx.get(
      `SELECT ${COLUMNS} FROM offers WHERE stall_id = ? AND session_id = ? AND date = ? AND status = 'open' AND expires_at > ?`,
      [stallId, sessionId, date, now],
    );
    return row && fromRow(row);
  }

  /** Vendors who were offered a stall on this run already (each is offered a run once). */
  async offeredOnRun(tx: Tx, sessionId: string, date: string): Promise<Set<string>> {
    const rows = await tx.all<{ vendor_id: string }>('SELECT DISTINCT vendor_id FROM offers WHERE session_id = ? AND date = ?', [
      sessionId,
      date,
    ]);
    return new Set(rows.map((row) => row.vendor_id));
  }

  /** Open offers past their expiry, oldest first, locked for the sweep (other instances skip them). */
  async dueToExpire(tx: Tx, now: number, limit: number): Promise<Offer[]> {
    const skip = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM offers WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?${skip}`,
      [now, limit],
    );
    return rows.map(fromRow);
  }

  /**
   * Open offers within their reminder lead of expiring (the lead: half the
   * hold, at most `leadMs`) whose reminder has not been sent.
   */
  async dueForReminder(tx: Tx, now: number, leadMs: number, limit: number): Promise<Offer[]> {
    const skip = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const lead = `CASE WHEN (expires_at - created_at) / 2 < ? THEN (expires_at - created_at) / 2 ELSE ? END`;
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM offers WHERE status = 'open' AND reminded_at IS NULL AND expires_at > ? AND expires_at - ? <= ${lead}
       ORDER BY expires_at, id LIMIT ?${skip}`,
      [now, now, leadMs, leadMs, limit],
    );
    return rows.map(fromRow);
  }

  async markReminded(tx: Tx, id: string, now: number): Promise<void> {
    await tx.run('UPDATE offers SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL', [now, id]);
  }

  /** Closes an open offer; returns whether it was still open. */
  async decide(tx: Tx, id: string, status: Exclude<OfferStatus, 'open'>, now: number, claimId: string | null = null): Promise<boolean> {
    const changed = await tx.run(`UPDATE offers SET status = ?, decided_at = ?, claim_id = ? WHERE id = ? AND status = 'open'`, [
      status,
      now,
      claimId,
      id,
    ]);
    return changed === 1;
  }

  async pageOfVendor(vendorId: string, page: { limit: number; offset: number }): Promise<Page<Offer>> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM offers WHERE vendor_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?`,
      [vendorId, page.limit, page.offset],
    );
    const total = await this.db.reader.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM offers WHERE vendor_id = ?', [vendorId]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }
}

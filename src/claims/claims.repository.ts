import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Database } from '../database/database.service.js';
import { num } from '../database/row.js';
import { Vendor, vendorFromRow } from '../vendors/vendor.entity.js';
import { Claim, CLAIM_COLUMNS, claimToParams } from './claim.entity.js';

const ACTIVE = `status IN ('confirmed', 'checked_in')`;
/**
 * No occurrence lasts longer than this (24 h of wall clock, 25 across a DST change), so a claim that
 * ended after t started after t − 25 h. The SQLite overlap trigger uses the same bound (migration 4).
 */
export const LONGEST_OCCURRENCE_MS = 25 * 3_600_000;

/**
 * The claim queries of the hot path (zones, stalls and sessions are loaded by
 * their own services, in the same plain SQL), in plain portable SQL (see database/sql.ts):
 * each is a primary-key lookup or an index range scan on ix_claims_vendor_start
 * or uq_claims_active_slot. "Active" is judged against `now` where it matters:
 * a confirmed claim whose occurrence has ended is a no-show.
 */
@Injectable()
export class ClaimsRepository {
  constructor(private readonly db: Database) {}

  async vendor(em: EntityManager, id: string, forUpdate = false): Promise<Vendor | undefined> {
    // PostgreSQL: one vendor's claims run one at a time, so the weekly limit is exact across instances.
    const lock = forUpdate && this.db.kind === 'postgres' ? ' FOR UPDATE' : '';
    const row = await this.db.sql(em).get(`SELECT * FROM vendors WHERE id = ?${lock}`, [id]);
    return row && vendorFromRow(row);
  }

  /** Whether an active claim holds the slot (settled claims are past ones: uq_claims_active_slot's terms). */
  async slotTaken(em: EntityManager, stallId: string, sessionId: string, date: string): Promise<boolean> {
    const row = await this.db.sql(em).get(
      `SELECT id FROM claims WHERE stall_id = ? AND session_id = ? AND date = ? AND ${ACTIVE} AND NOT settled`,
      [stallId, sessionId, date],
    );
    return row !== undefined;
  }

  /** Whether the vendor holds an active claim whose window overlaps [start, end), in any zone. */
  async hasOverlap(em: EntityManager, vendorId: string, start: number, end: number): Promise<boolean> {
    const row = await this.db.sql(em).get(
      `SELECT id FROM claims WHERE vendor_id = ? AND start_at > ? AND start_at < ? AND end_at > ? AND ${ACTIVE}`,
      [vendorId, start - LONGEST_OCCURRENCE_MS, end, start],
    );
    return row !== undefined;
  }

  /** Active claims of a vendor in a zone starting in [from, to) — an ISO week's instants. */
  async countActiveStarting(em: EntityManager, vendorId: string, zoneId: string, from: number, to: number, now: number): Promise<number> {
    const row = await this.db.sql(em).get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM claims
       WHERE vendor_id = ? AND start_at >= ? AND start_at < ? AND zone_id = ?
         AND (status = 'checked_in' OR (status = 'confirmed' AND end_at > ?))`,
      [vendorId, from, to, zoneId, now],
    );
    return num(row?.n ?? 0);
  }

  /**
   * End instants of the vendor's no-shows that ended in (since, now]: those the
   * sweeper has recorded and the confirmed claims it has not reached yet
   * (ix_claims_vendor_unattended holds exactly these two statuses).
   */
  async noShowEnds(em: EntityManager, vendorId: string, since: number, now: number): Promise<number[]> {
    const rows = await this.db.sql(em).all<{ end_at: unknown }>(
      `SELECT end_at FROM claims WHERE vendor_id = ? AND end_at > ? AND end_at <= ? AND status IN ('no_show', 'confirmed')`,
      [vendorId, since, now],
    );
    return rows.map((row) => num(row.end_at));
  }

  async insert(em: EntityManager, claim: Claim): Promise<void> {
    await this.db.sql(em).run(`INSERT INTO claims (${CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, claimToParams(claim));
  }
}

import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.js';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row } from '../database/row.js';
import { placeholders } from '../database/sql.js';
import { addDays, utcDate } from '../recurrence/calendar.js';
import type { Tx, RowLock } from '../database/transactions.js';
import { ACTIVE_STATUSES, Claim, ClaimSource, ClaimStatus, OccupancyCounts, Presence, SessionDates } from './claim.js';

const COLUMNS =
  'id, vendor_id, stall_id, session_id, zone_id, date, start_at, end_at, status, source, created_at, updated_at, checked_in_at, cancelled_at';

/** "Active" in SQL, from the one definition in claim.ts. */
const ACTIVE = `status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Days before today's UTC date that a claim still running can be dated (local dates run up to 14 h
 * ahead of UTC, and an occurrence lasts at most a day and a bit): keeps date-range scans on the indexes.
 */
const RUNNING_CLAIM_DATES_BACK = 3;

function fromRow(row: Row): Claim {
  return {
    id: String(row.id),
    vendorId: String(row.vendor_id),
    stallId: String(row.stall_id),
    sessionId: String(row.session_id),
    zoneId: String(row.zone_id),
    date: String(row.date),
    startAt: num(row.start_at),
    endAt: num(row.end_at),
    status: row.status as ClaimStatus,
    source: row.source as ClaimSource,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    checkedInAt: numOrNull(row.checked_in_at),
    cancelledAt: numOrNull(row.cancelled_at),
  };
}

function toParams(claim: Claim): unknown[] {
  return [
    claim.id,
    claim.vendorId,
    claim.stallId,
    claim.sessionId,
    claim.zoneId,
    claim.date,
    claim.startAt,
    claim.endAt,
    claim.status,
    claim.source,
    claim.createdAt,
    claim.updatedAt,
    claim.checkedInAt,
    claim.cancelledAt,
  ];
}

/** What the slot grid needs of a claim. */
export type GridClaim = Pick<Claim, 'id' | 'vendorId' | 'stallId' | 'sessionId' | 'status' | 'endAt'>;

/**
 * The only code that speaks SQL to `claims`. Each query is a primary-key lookup
 * or an index range scan (the index is named beside it). "Active" is judged
 * against `now` where it matters: a confirmed claim whose occurrence has
 * ended is a no-show.
 */
@Injectable()
export class ClaimsRepository {
  constructor(private readonly db: Database) {}

  async find(id: string, tx: Tx = this.db.reader, lock?: RowLock): Promise<Claim | undefined> {
    const row = await tx.get(`SELECT ${COLUMNS} FROM claims WHERE id = ?${lockClause(tx.dialect, lock)}`, [id]);
    return row && fromRow(row);
  }

  /**
   * The database has the last word: uq_claims_active_slot refuses a second active claim
   * on the slot, the overlap trigger (SQLite) or exclusion constraint (PostgreSQL) a vendor's overlap.
   */
  async insert(tx: Tx, claim: Claim): Promise<void> {
    await tx.run(`INSERT INTO claims (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, toParams(claim));
  }

  /**
   * Changes a claim's status only if it still has the status the caller read
   * (another request may have changed it meanwhile); returns whether it did.
   */
  async transition(
    tx: Tx,
    claim: Claim,
    from: ClaimStatus,
    changes: Pick<Claim, 'status' | 'updatedAt'> & Partial<Pick<Claim, 'checkedInAt' | 'cancelledAt'>>,
  ): Promise<boolean> {
    const changed = await tx.run(
      'UPDATE claims SET status = ?, updated_at = ?, checked_in_at = ?, cancelled_at = ? WHERE id = ? AND status = ?',
      [
        changes.status,
        changes.updatedAt,
        changes.checkedInAt ?? claim.checkedInAt,
        changes.cancelledAt ?? claim.cancelledAt,
        claim.id,
        from,
      ],
    );
    return changed === 1;
  }

  /** Whether an active claim holds the slot (settled claims are past ones: uq_claims_active_slot's terms). */
  async slotTaken(tx: Tx, stallId: string, sessionId: string, date: string): Promise<boolean> {
    const row = await tx.get(`SELECT id FROM claims WHERE stall_id = ? AND session_id = ? AND date = ? AND ${ACTIVE} AND NOT settled`, [
      stallId,
      sessionId,
      date,
    ]);
    return row !== undefined;
  }

  /**
   * Whether the vendor holds an active claim whose window overlaps [start, end), in any zone.
   * PostgreSQL: the exclusion constraint's GiST index answers the range question itself.
   * SQLite: a claim that ends after `start` started after `start` minus the longest claim
   * ever stored (claim_bounds, kept by a trigger: no fixed bound, since a day can last 26
   * hours), so the scan is a short range on ix_claims_vendor_start, as in the overlap trigger.
   */
  async hasOverlap(tx: Tx, vendorId: string, start: number, end: number): Promise<boolean> {
    const row =
      tx.dialect === 'postgres'
        ? await tx.get(`SELECT id FROM claims WHERE vendor_id = ? AND int8range(start_at, end_at) && int8range(?, ?) AND ${ACTIVE}`, [
            vendorId,
            start,
            end,
          ])
        : await tx.get(
            `SELECT id FROM claims WHERE vendor_id = ? AND start_at > ? - (SELECT longest_ms FROM claim_bounds WHERE id = 1)
               AND start_at < ? AND end_at > ? AND ${ACTIVE}`,
            [vendorId, start, end, start],
          );
    return row !== undefined;
  }

  /** Active claims of a vendor in a zone starting in [from, to) — an ISO week's instants (ix_claims_vendor_start). */
  async countActiveStarting(tx: Tx, vendorId: string, zoneId: string, from: number, to: number, now: number): Promise<number> {
    const row = await tx.get<{ n: unknown }>(
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
  async noShowEnds(tx: Tx, vendorId: string, since: number, now: number): Promise<number[]> {
    const rows = await tx.all<{ end_at: unknown }>(
      `SELECT end_at FROM claims WHERE vendor_id = ? AND end_at > ? AND end_at <= ? AND status IN ('no_show', 'confirmed')`,
      [vendorId, since, now],
    );
    return rows.map((row) => num(row.end_at));
  }

  /** A vendor's claims dated in [from, to], by start (ix_claims_vendor_start). */
  async pageOfVendor(vendorId: string, from: string, to: string, page: { limit: number; offset: number }): Promise<Page<Claim>> {
    const sql = this.db.reader;
    const rows = await sql.all(
      `SELECT ${COLUMNS} FROM claims WHERE vendor_id = ? AND date BETWEEN ? AND ? ORDER BY start_at, id LIMIT ? OFFSET ?`,
      [vendorId, from, to, page.limit, page.offset],
    );
    const total = await sql.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM claims WHERE vendor_id = ? AND date BETWEEN ? AND ?', [
      vendorId,
      from,
      to,
    ]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /**
   * Claims of a zone on a date that hold or held their slot — active ones and
   * no-shows — with the columns the slot grid shows (ix_claims_zone_date).
   */
  async heldOnZoneDate(zoneId: string, date: string): Promise<GridClaim[]> {
    const rows = await this.db.reader.all<{
      id: string;
      vendor_id: string;
      stall_id: string;
      session_id: string;
      status: ClaimStatus;
      end_at: unknown;
    }>(
      `SELECT id, vendor_id, stall_id, session_id, status, end_at FROM claims WHERE zone_id = ? AND date = ? AND (${ACTIVE} OR status = 'no_show')`,
      [zoneId, date],
    );
    return rows.map((row) => ({
      id: row.id,
      vendorId: row.vendor_id,
      stallId: row.stall_id,
      sessionId: row.session_id,
      status: row.status,
      endAt: num(row.end_at),
    }));
  }

  /**
   * Active claims on each (zone, local date) asked, with the columns the public
   * views need (ix_claims_zone_date): no vendor identity leaves this method.
   */
  async activeOnZoneDates(
    pairs: { zoneId: string; date: string }[],
  ): Promise<{ zoneId: string; stallId: string; sessionId: string; status: ClaimStatus; endAt: number }[]> {
    if (pairs.length === 0) return [];
    const rows = await this.db.reader.all<{ zone_id: string; stall_id: string; session_id: string; status: ClaimStatus; end_at: unknown }>(
      `SELECT zone_id, stall_id, session_id, status, end_at FROM claims WHERE (${pairs.map(() => '(zone_id = ? AND date = ?)').join(' OR ')}) AND ${ACTIVE}`,
      pairs.flatMap((pair) => [pair.zoneId, pair.date]),
    );
    return rows.map((row) => ({
      zoneId: row.zone_id,
      stallId: row.stall_id,
      sessionId: row.session_id,
      status: row.status,
      endAt: num(row.end_at),
    }));
  }

  /**
   * Claim counts per (zone, session, date) dated in [from, to], one zone or
   * all (ix_claims_zone_date): held (confirmed, checked in or no-show),
   * checked in, no-show (stored, or confirmed past its end at `now`),
   * cancelled (by its vendor, staff or the market).
   */
  async occupancy(range: { from: string; to: string; zoneId?: string; now: number }): Promise<OccupancyCounts[]> {
    const zone = range.zoneId === undefined ? '' : ' AND zone_id = ?';
    const rows = await this.db.reader.all<Record<string, unknown>>(
      `SELECT zone_id, session_id, date,
         SUM(CASE WHEN status IN ('confirmed', 'checked_in', 'no_show') THEN 1 ELSE 0 END) AS claimed,
         SUM(CASE WHEN status = 'checked_in' THEN 1 ELSE 0 END) AS checked_in,
         SUM(CASE WHEN status = 'no_show' OR (status = 'confirmed' AND end_at <= ?) THEN 1 ELSE 0 END) AS no_show,
         SUM(CASE WHEN status IN ('cancelled', 'cancelled_by_market') THEN 1 ELSE 0 END) AS cancelled
       FROM claims WHERE date BETWEEN ? AND ?${zone} GROUP BY zone_id, session_id, date`,
      [range.now, range.from, range.to, ...(range.zoneId === undefined ? [] : [range.zoneId])],
    );
    return rows.map((row) => ({
      zoneId: String(row.zone_id),
      sessionId: String(row.session_id),
      date: String(row.date),
      claimed: num(row.claimed),
      checkedIn: num(row.checked_in),
      noShow: num(row.no_show),
      cancelled: num(row.cancelled),
    }));
  }

  /**
   * Claims that held a stall (confirmed, checked in or no-show) per stall, dated in [from, to], of
   * these zones or of all (ix_claims_zone_date): the cockpit's categories on sale, one grouped read.
   */
  async heldPerStall(range: { from: string; to: string; zoneIds?: string[] }): Promise<{ stallId: string; held: number }[]> {
    if (range.zoneIds?.length === 0) return [];
    const zones = range.zoneIds === undefined ? '' : ` AND zone_id IN (${placeholders(range.zoneIds.length)})`;
    const rows = await this.db.reader.all<{ stall_id: string; held: unknown }>(
      `SELECT stall_id, COUNT(*) AS held FROM claims WHERE date BETWEEN ? AND ?${zones}` +
        ` AND status IN ('confirmed', 'checked_in', 'no_show') GROUP BY stall_id`,
      [range.from, range.to, ...(range.zoneIds ?? [])],
    );
    return rows.map((row) => ({ stallId: String(row.stall_id), held: num(row.held) }));
  }

  /** The claims holding a stall on a date (active, or a no-show), with their vendors (ix_claims_zone_date). */
  async heldOnStallDate(zoneId: string, stallId: string, date: string): Promise<Claim[]> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM claims WHERE zone_id = ? AND date = ? AND stall_id = ? AND (${ACTIVE} OR status = 'no_show') ORDER BY start_at`,
      [zoneId, date, stallId],
    );
    return rows.map(fromRow);
  }

  /** Active claims on one occurrence of a session, locked for change (ix_claims_zone_date). */
  async activeOnOccurrence(tx: Tx, zoneId: string, sessionId: string, date: string): Promise<Claim[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM claims WHERE zone_id = ? AND date = ? AND session_id = ? AND ${ACTIVE}${lockClause(tx.dialect, 'update')}`,
      [zoneId, date, sessionId],
    );
    return rows.map(fromRow);
  }

  /** Who holds an active claim on a session's runs dated in [from, to], optionally one vendor only (ix_claims_zone_date). */
  async activeOnSessionDates(query: SessionDates, tx: Tx = this.db.reader, lock?: RowLock): Promise<Presence[]> {
    const { zoneId, sessionId, from, to, vendorId } = query;
    const rows = await tx.all<{ date: string; vendor_id: string; stall_id: string }>(
      `SELECT date, vendor_id, stall_id FROM claims WHERE zone_id = ? AND date BETWEEN ? AND ? AND session_id = ? AND ${ACTIVE}` +
        `${vendorId === undefined ? '' : ' AND vendor_id = ?'} ORDER BY date, vendor_id${lockClause(tx.dialect, lock)}`,
      vendorId === undefined ? [zoneId, from, to, sessionId] : [zoneId, from, to, sessionId, vendorId],
    );
    return rows.map((row) => ({ date: row.date, vendorId: row.vendor_id, stallId: row.stall_id }));
  }

  /** Active claims of a vendor starting in [from, until), locked for change (ix_claims_vendor_start). */
  async activeOfVendorStarting(tx: Tx, vendorId: string, from: number, until: number | null): Promise<Claim[]> {
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM claims WHERE vendor_id = ? AND start_at > ? AND start_at < ? AND ${ACTIVE}${lockClause(tx.dialect, 'update')}`,
      [vendorId, from, until ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(fromRow);
  }

  /** Local dates of a session's active claims that have not ended at `now` (ix_claims_zone_date). */
  async liveDatesOfSession(tx: Tx, zoneId: string, sessionId: string, now: number): Promise<string[]> {
    const rows = await tx.all<{ date: string }>(
      `SELECT DISTINCT date FROM claims WHERE zone_id = ? AND date >= ? AND session_id = ? AND ${ACTIVE} AND end_at > ? ORDER BY date`,
      [zoneId, addDays(utcDate(now), -RUNNING_CLAIM_DATES_BACK), sessionId, now],
    );
    return rows.map((row) => row.date);
  }

  /** How many active claims of a zone have not ended at `now` (ix_claims_zone_date). */
  async countLiveInZone(tx: Tx, zoneId: string, now: number): Promise<number> {
    const row = await tx.get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM claims WHERE zone_id = ? AND date >= ? AND ${ACTIVE} AND end_at > ?`,
      [zoneId, addDays(utcDate(now), -RUNNING_CLAIM_DATES_BACK), now],
    );
    return num(row?.n ?? 0);
  }

  /** Sets these claims to `status` where they still have one of `from` (the status they were read with). */
  async setStatus(tx: Tx, claims: Claim[], from: readonly ClaimStatus[], status: ClaimStatus, now: number): Promise<void> {
    for (let i = 0; i < claims.length; i += 500) {
      const ids = claims.slice(i, i + 500).map((c) => c.id);
      const cancelledAt = status === 'cancelled_by_market' || status === 'cancelled' ? now : null;
      await tx.run(
        `UPDATE claims SET status = ?, updated_at = ?, cancelled_at = COALESCE(?, cancelled_at)
         WHERE id IN (${placeholders(ids.length)}) AND status IN (${placeholders(from.length)})`,
        [status, now, cancelledAt, ...ids, ...from],
      );
    }
  }

  /** The oldest confirmed claims that ended at or before `now` (ix_claims_confirmed_end); other instances' rows skipped. */
  async dueNoShows(tx: Tx, now: number, limit: number, vendorId?: string): Promise<Claim[]> {
    const skipLocked = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const ofVendor = vendorId === undefined ? '' : ' AND vendor_id = ?';
    const rows = await tx.all(
      `SELECT ${COLUMNS} FROM claims WHERE status = 'confirmed' AND end_at <= ?${ofVendor} ORDER BY end_at LIMIT ${limit}${skipLocked}`,
      vendorId === undefined ? [now] : [now, vendorId],
    );
    return rows.map(fromRow);
  }

  /** Settles up to `limit` claims that ended at or before `cutoff` (ix_claims_unsettled_end); returns how many. */
  async settle(tx: Tx, cutoff: number, limit: number): Promise<number> {
    // PostgreSQL: instances sweeping at once take different rows.
    const skipLocked = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    return tx.run(
      `UPDATE claims SET settled = TRUE WHERE id IN (
         SELECT id FROM claims WHERE NOT settled AND end_at <= ? ORDER BY end_at LIMIT ${limit}${skipLocked})`,
      [cutoff],
    );
  }
}

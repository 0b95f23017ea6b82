import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/access.decorators.js';
import { Clock } from '../common/clock.js';
import { Database } from '../database/database.service.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { stallFromRow } from '../stalls/stall.entity.js';
import { num } from '../database/row.js';
import { ZonesService } from '../zones/zones.service.js';
import { isActive } from './claim-rules.js';
import { Claim, ClaimStatus } from './claim.entity.js';
import { SlotItem } from './dto/claim.dto.js';

/** What the grid needs of a claim. */
type GridClaim = Pick<Claim, 'id' | 'vendorId' | 'stallId' | 'sessionId' | 'status' | 'endAt'>;

/** The slot grid of a zone for a date: every stall × every occurrence that day. */
@Injectable()
export class SlotsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
  ) {}

  async grid(zoneId: string, date: string, viewer: Actor): Promise<SlotItem[]> {
    const em = this.db.reader;
    const sql = this.db.sql(em);
    const now = this.clock.now();
    const zone = await this.zones.get(zoneId);
    const occurrences = await this.schedule.zoneOccurrences(zone, date, date);
    if (occurrences.length === 0) return [];
    const stalls = (await sql.all('SELECT * FROM stalls WHERE zone_id = ? ORDER BY code', [zoneId])).map(stallFromRow);
    // Only the columns the grid shows: a full zone-day is hundreds of rows on every request.
    const claims = (
      await sql.all<{ id: string; vendor_id: string; stall_id: string; session_id: string; status: ClaimStatus; end_at: unknown }>(
        `SELECT id, vendor_id, stall_id, session_id, status, end_at FROM claims WHERE zone_id = ? AND date = ? AND status IN ('confirmed', 'checked_in')`,
        [zoneId, date],
      )
    )
      .map((row): GridClaim => ({ id: row.id, vendorId: row.vendor_id, stallId: row.stall_id, sessionId: row.session_id, status: row.status, endAt: num(row.end_at) }))
      .filter((claim) => isActive(claim, now));
    const holders = new Map(claims.map((claim) => [`${claim.sessionId}|${claim.stallId}`, claim]));
    const names = await this.vendorNames(claims, viewer);
    return occurrences.flatMap((occurrence) =>
      stalls.map((stall): SlotItem => {
        const claim = holders.get(`${occurrence.sessionId}|${stall.id}`);
        const status = occurrence.cancelled ? 'cancelled' : claim ? 'claimed' : stall.status === 'closed' ? 'closed' : 'free';
        const revealed = claim && (viewer.role === 'staff' || claim.vendorId === viewer.id);
        return {
          stallId: stall.id,
          code: stall.code,
          category: stall.category,
          sessionId: occurrence.sessionId,
          sessionName: occurrence.name,
          date: occurrence.date,
          start: occurrence.startIso,
          end: occurrence.endIso,
          status,
          ...(revealed ? { claimId: claim.id, vendorId: claim.vendorId, vendorName: names.get(claim.vendorId) } : {}),
        };
      }),
    );
  }

  /** Names of the holders the viewer may see: all for staff, only itself for a vendor. */
  private async vendorNames(claims: GridClaim[], viewer: Actor): Promise<Map<string, string>> {
    const ids = [...new Set(claims.map((c) => c.vendorId))].filter((id) => viewer.role === 'staff' || id === viewer.id);
    if (ids.length === 0) return new Map();
    const vendors = await this.db
      .sql(this.db.reader)
      .all<{ id: string; name: string }>(`SELECT id, name FROM vendors WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    return new Map(vendors.map((v) => [v.id, v.name]));
  }
}

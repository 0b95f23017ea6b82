import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { Clock } from '../common/clock.js';
import { Database } from '../database/database.service.js';
import { MarketSession } from '../sessions/market-session.entity.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { Stall } from '../stalls/stall.entity.js';
import { Vendor } from '../vendors/vendor.entity.js';
import { ZonesService } from '../zones/zones.service.js';
import { isActive } from './claim-rules.js';
import { Claim } from './claim.entity.js';
import { SlotItem } from './dto/claim.dto.js';

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
    const now = this.clock.now();
    const zone = await this.zones.get(zoneId);
    const sessions = await em.find(MarketSession, { where: { zoneId, deletedAt: IsNull() } });
    const occurrences = await this.schedule.expand(zone, sessions, date, date, em);
    if (occurrences.length === 0) return [];
    const stalls = await em.find(Stall, { where: { zoneId }, order: { code: 'ASC' } });
    const claims = (await em.find(Claim, { where: { zoneId, date, status: In(['confirmed', 'checked_in']) } }))
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

  private async vendorNames(claims: Claim[], viewer: Actor): Promise<Map<string, string>> {
    const ids = viewer.role === 'staff' ? [...new Set(claims.map((c) => c.vendorId))] : [viewer.id];
    if (ids.length === 0) return new Map();
    const vendors = await this.db.reader.find(Vendor, { select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(vendors.map((v) => [v.id, v.name]));
  }
}

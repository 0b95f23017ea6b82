import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import type { Occurrence } from '../sessions/occurrences.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import type { Stall } from '../stalls/stall.js';
import { StallsService } from '../stalls/stalls.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { isActive } from './claim-rules.js';
import { ClaimsRepository, GridClaim } from './claims.repository.js';
import { SlotItem } from './dto/claim.dto.js';

/**
 * The slot grid of a zone for a date: every stall × every occurrence that day.
 * A run that has begun shows what happened: who held each stall (a no-show
 * held it too), among the stalls that existed then; a stall's being closed
 * matters only for runs still ahead.
 */
@Injectable()
export class SlotsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly stalls: StallsService,
    private readonly vendors: VendorsService,
    private readonly schedule: ScheduleService,
  ) {}

  async grid(zoneId: string, date: string, viewer: Actor): Promise<SlotItem[]> {
    const now = this.clock.now();
    const zone = await this.zones.get(zoneId);
    const { occurrences } = await this.schedule.zoneOccurrences(zone, date, date);
    if (occurrences.length === 0) return [];
    const stalls = await this.stalls.allOfZone(zoneId);
    const claims = await this.claims.heldOnZoneDate(zoneId, date);
    const holders = new Map<string, GridClaim>();
    for (const claim of claims) {
      const occurrence = occurrences.find((o) => o.sessionId === claim.sessionId);
      if (occurrence && (occurrence.start <= now || isActive(claim, now))) holders.set(`${claim.sessionId}|${claim.stallId}`, claim);
    }
    const names = await this.vendorNames([...holders.values()], viewer);
    return occurrences.flatMap((occurrence) => {
      const begun = occurrence.start <= now;
      return stalls
        .filter((stall) => !begun || stall.createdAt <= occurrence.end)
        .map((stall): SlotItem => {
          const claim = holders.get(`${occurrence.sessionId}|${stall.id}`);
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
            status: statusOf(occurrence, stall, claim, begun),
            ...(revealed ? { claimId: claim.id, vendorId: claim.vendorId, vendorName: names.get(claim.vendorId) } : {}),
          };
        });
    });
  }

  /** Names of the holders the viewer may see: all for staff, only itself for a vendor. */
  private async vendorNames(claims: GridClaim[], viewer: Actor): Promise<Map<string, string>> {
    const ids = claims.map((c) => c.vendorId).filter((id) => viewer.role === 'staff' || id === viewer.id);
    return ids.length === 0 ? new Map() : this.vendors.names(ids);
  }
}

function statusOf(occurrence: Occurrence, stall: Stall, claim: GridClaim | undefined, begun: boolean): SlotItem['status'] {
  if (occurrence.cancelled) return 'cancelled';
  if (claim) return 'claimed';
  return !begun && stall.status === 'closed' ? 'closed' : 'free';
}

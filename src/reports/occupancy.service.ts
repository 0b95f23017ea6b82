import { Injectable } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service.js';
import { Clock } from '../common/clock.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { type Stall, STALL_CATEGORIES, type StallCategory } from '../stalls/stall.js';
import { StallsService } from '../stalls/stalls.service.js';
import type { Zone } from '../zones/zone.js';
import { ZonesService } from '../zones/zones.service.js';
import type { OccupancyRow } from './dto/occupancy.dto.js';

export interface ZoneRuns {
  rows: OccupancyRow[];
  /** Each zone's stalls, by zone id. */
  stalls: Map<string, Stall[]>;
  /** Stall places on sale by category: for each run not cancelled, its zone's stalls of that category. */
  onSale: Map<StallCategory, number>;
}

/**
 * Occupancy per zone, session run and date: what the stalls were, and what
 * became of the claims on them. Runs come from the schedule (cancelled ones
 * included), counts from one grouped query over the claims.
 */
@Injectable()
export class OccupancyService {
  constructor(
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly stalls: StallsService,
    private readonly claims: ClaimsService,
    private readonly clock: Clock,
  ) {}

  async report(range: { from: string; to: string; zoneId?: string }): Promise<OccupancyRow[]> {
    const zones = range.zoneId === undefined ? await this.zones.all() : [await this.zones.get(range.zoneId)];
    return (await this.runsOfZones(zones, range)).rows;
  }

  /**
   * The report's rows for these zones (in their order); with them, for the cockpit, each zone's
   * stalls as read for it and the stall places on sale by category (runs not cancelled).
   */
  async runsOfZones(zones: Zone[], range: { from: string; to: string }): Promise<ZoneRuns> {
    const now = this.clock.now();
    const single = zones.length === 1 ? zones[0].id : undefined;
    const counts = zones.length === 0 ? [] : await this.claims.occupancy({ ...range, zoneId: single, now });
    const byRun = new Map(counts.map((c) => [`${c.zoneId}|${c.sessionId}|${c.date}`, c]));
    // Every zone's runs in one batch of reads, not two or three per zone.
    const runs = await this.schedule.zonesOccurrences(zones.map((zone) => ({ zone, from: range.from, to: range.to })));
    const rows: OccupancyRow[] = [];
    const stallsOfZones = new Map<string, Stall[]>();
    const onSale = new Map<StallCategory, number>(STALL_CATEGORIES.map((category) => [category, 0]));
    for (const zone of zones) {
      const stalls = await this.stalls.allOfZone(zone.id);
      stallsOfZones.set(zone.id, stalls);
      const { occurrences } = runs.get(zone.id)!;
      for (const run of occurrences) {
        const count = byRun.get(`${zone.id}|${run.sessionId}|${run.date}`);
        const begun = run.start <= now;
        // As the slot grid counts them: a run that has begun among the stalls that existed then, one ahead among the open ones.
        const present = stalls.filter((s) => s.createdAt <= run.start && (begun || s.status === 'open'));
        if (!run.cancelled) for (const stall of present) onSale.set(stall.category, onSale.get(stall.category)! + 1);
        rows.push({
          zoneId: zone.id,
          zoneName: zone.name,
          district: zone.district,
          sessionId: run.sessionId,
          sessionName: run.name,
          date: run.date,
          start: run.startIso,
          end: run.endIso,
          occurrenceCancelled: run.cancelled,
          stalls: present.length,
          claimed: count?.claimed ?? 0,
          checkedIn: count?.checkedIn ?? 0,
          noShow: count?.noShow ?? 0,
          cancelled: count?.cancelled ?? 0,
        });
      }
    }
    return { rows, stalls: stallsOfZones, onSale };
  }
}

import { Injectable } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service.js';
import { Clock } from '../common/clock.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { ZonesService } from '../zones/zones.service.js';
import type { OccupancyRow } from './dto/occupancy.dto.js';

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
    const now = this.clock.now();
    const zones = range.zoneId === undefined ? await this.zones.all() : [await this.zones.get(range.zoneId)];
    const counts = await this.claims.occupancy({ ...range, now });
    const byRun = new Map(counts.map((c) => [`${c.zoneId}|${c.sessionId}|${c.date}`, c]));
    // Every zone's runs in one batch of reads, not two or three per zone.
    const runs = await this.schedule.zonesOccurrences(zones.map((zone) => ({ zone, from: range.from, to: range.to })));
    const rows: OccupancyRow[] = [];
    for (const zone of zones) {
      const stalls = await this.stalls.allOfZone(zone.id);
      const { occurrences } = runs.get(zone.id)!;
      for (const run of occurrences) {
        const count = byRun.get(`${zone.id}|${run.sessionId}|${run.date}`);
        const begun = run.start <= now;
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
          // As the slot grid counts them: a run that has begun among the stalls that existed then, one ahead among the open ones.
          stalls: stalls.filter((s) => s.createdAt <= run.start && (begun || s.status === 'open')).length,
          claimed: count?.claimed ?? 0,
          checkedIn: count?.checkedIn ?? 0,
          noShow: count?.noShow ?? 0,
          cancelled: count?.cancelled ?? 0,
        });
      }
    }
    return rows;
  }
}

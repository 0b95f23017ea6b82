import { Injectable } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service.js';
import { FEEDBACK_KINDS, type FeedbackKind } from '../feedback/feedback.js';
import { FeedbackService } from '../feedback/feedback.service.js';
import { addDays, daysBetween } from '../recurrence/calendar.js';
import { localToInstant } from '../recurrence/local-time.js';
import { STALL_CATEGORIES, type StallCategory } from '../stalls/stall.js';
import type { Zone } from '../zones/zone.js';
import { ZonesService } from '../zones/zones.service.js';
import type { CockpitCounts, CockpitResponse } from './dto/cockpit.dto.js';
import { OccupancyService } from './occupancy.service.js';

type Tally = Pick<CockpitCounts, 'slots' | 'claimed' | 'checkedIn' | 'noShow' | 'cancelled'>;

const empty = (): Tally => ({ slots: 0, claimed: 0, checkedIn: 0, noShow: 0, cancelled: 0 });

/** A share as a fraction rounded to 4 places; null when there is nothing to share. */
function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function withRates(tally: Tally): CockpitCounts {
  return {
    ...tally,
    occupancyRate: rate(tally.claimed, tally.slots),
    checkInRate: rate(tally.checkedIn, tally.claimed),
    noShowRate: rate(tally.noShow, tally.claimed),
  };
}

function add(into: Tally, row: Tally): void {
  into.slots += row.slots;
  into.claimed += row.claimed;
  into.checkedIn += row.checkedIn;
  into.noShow += row.noShow;
  into.cancelled += row.cancelled;
}

/**
 * The cockpit: a district's (or the city's) markets over a date range in one answer — occupancy
 * by zone and day, check-ins and no-shows, claimed stalls by category, residents' feedback by
 * kind. Every figure comes from grouped reads the owning modules answer (the occupancy report's
 * runs and claim counts, claims per stall, feedback counts), summed here; nothing row by row.
 */
@Injectable()
export class CockpitService {
  constructor(
    private readonly zones: ZonesService,
    private readonly occupancy: OccupancyService,
    private readonly claims: ClaimsService,
    private readonly feedback: FeedbackService,
  ) {}

  async figures(range: { from: string; to: string; district?: string }): Promise<CockpitResponse> {
    const every = await this.zones.all();
    const districts = [...new Set(every.map((zone) => zone.district))];
    const zones = range.district === undefined ? every : every.filter((zone) => zone.district === range.district);
    const { rows, stalls, onSale } = await this.occupancy.runsOfZones(zones, range);

    const dates = Array.from({ length: daysBetween(range.from, range.to) + 1 }, (_, i) => addDays(range.from, i));
    const total = empty();
    const byZone = new Map(zones.map((zone) => [zone.id, empty()]));
    const byDay = new Map(dates.map((date) => [date, empty()]));
    const byZoneDay = new Map(zones.flatMap((zone) => dates.map((date) => [`${zone.id}|${date}`, empty()] as const)));
    let runsCancelled = 0;
    for (const row of rows) {
      if (row.occurrenceCancelled) runsCancelled += 1;
      const tally: Tally = {
        slots: row.occurrenceCancelled ? 0 : row.stalls,
        claimed: row.claimed,
        checkedIn: row.checkedIn,
        noShow: row.noShow,
        cancelled: row.cancelled,
      };
      for (const into of [total, byZone.get(row.zoneId), byDay.get(row.date), byZoneDay.get(`${row.zoneId}|${row.date}`)]) {
        if (into) add(into, tally);
      }
    }

    const categoryOf = new Map([...stalls.values()].flat().map((stall) => [stall.id, stall.category]));
    const claimedByCategory = new Map<StallCategory, number>(STALL_CATEGORIES.map((category) => [category, 0]));
    const held =
      zones.length === 0
        ? []
        : await this.claims.heldPerStall({ ...range, zoneIds: range.district === undefined ? undefined : zones.map((z) => z.id) });
    for (const { stallId, held: n } of held) {
      const category = categoryOf.get(stallId);
      if (category) claimedByCategory.set(category, claimedByCategory.get(category)! + n);
    }

    const feedback = await this.feedbackByKind(zones, range, range.district === undefined);

    return {
      from: range.from,
      to: range.to,
      district: range.district ?? null,
      districts,
      totals: {
        zones: zones.length,
        runs: rows.length,
        runsCancelled,
        ...withRates(total),
        feedback: feedback.reduce((sum, kind) => sum + kind.open + kind.resolved, 0),
        feedbackOpen: feedback.reduce((sum, kind) => sum + kind.open, 0),
      },
      zones: zones.map((zone) => ({
        zoneId: zone.id,
        zoneName: zone.name,
        district: zone.district,
        latitude: zone.latitude,
        longitude: zone.longitude,
        ...withRates(byZone.get(zone.id)!),
      })),
      days: dates.map((date) => ({ date, ...withRates(byDay.get(date)!) })),
      zoneDays: zones.flatMap((zone) =>
        dates.map((date) => ({ zoneId: zone.id, date, ...withRates(byZoneDay.get(`${zone.id}|${date}`)!) })),
      ),
      categories: STALL_CATEGORIES.map((category) => ({
        category,
        slots: onSale.get(category)!,
        claimed: claimedByCategory.get(category)!,
        occupancyRate: rate(claimedByCategory.get(category)!, onSale.get(category)!),
      })),
      feedback,
    };
  }

  /**
   * Feedback received from the first date's start to the end of the last, in each zone's own
   * calendar: one grouped read per time zone among the zones (one, nearly always).
   */
  private async feedbackByKind(
    zones: Zone[],
    range: { from: string; to: string },
    everyZone: boolean,
  ): Promise<{ kind: FeedbackKind; open: number; resolved: number }[]> {
    const counts = new Map(FEEDBACK_KINDS.map((kind) => [kind, { kind, open: 0, resolved: 0 }]));
    const byTimezone = new Map<string, string[]>();
    for (const zone of zones) byTimezone.set(zone.timezone, [...(byTimezone.get(zone.timezone) ?? []), zone.id]);
    for (const [timezone, zoneIds] of byTimezone) {
      const window = {
        from: localToInstant(range.from, '00:00', timezone),
        until: localToInstant(addDays(range.to, 1), '00:00', timezone),
        // Every zone in one time zone: no list of ids to send.
        zoneIds: everyZone && byTimezone.size === 1 ? undefined : zoneIds,
      };
      for (const row of await this.feedback.countsByKind(window)) counts.get(row.kind)![row.status] += row.count;
    }
    return [...counts.values()];
  }
}

import { Injectable } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service.js';
import { Clock } from '../common/clock.js';
import { parseInstant } from '../common/fields.js';
import { FeedbackService } from '../feedback/feedback.service.js';
import { addDays } from '../recurrence/calendar.js';
import { localDate } from '../recurrence/local-time.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import type { StallCategory } from '../stalls/stall.js';
import { StallsService } from '../stalls/stalls.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import type { Zone } from '../zones/zone.js';
import { ZonesService } from '../zones/zones.service.js';
import { NearbyZonesQuery, StallPageResponse } from './dto/public.dto.js';
import { type NearbyItem, NearbyJson } from './nearby-json.js';
import { maskName } from '../common/masks.js';
import { boundingBox, distanceMetres } from './geo.js';
import { stateAt, type ZoneCard, ZoneCards } from './zone-cards.js';
import { LocalDays } from './local-days.js';
import { TableChanges } from '../database/table-changes.js';

/** How far ahead "the next session" is looked for. */
const NEXT_SESSION_DAYS = 30;

/** What residents see: nearby markets, their times, a stall's page. Nothing that names a vendor, but a masked holder. */
@Injectable()
export class PublicService {
  constructor(
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly stalls: StallsService,
    private readonly claims: ClaimsService,
    private readonly vendors: VendorsService,
    private readonly feedback: FeedbackService,
    changes: TableChanges,
  ) {
    this.cards = new ZoneCards(changes);
  }

  private readonly cards: ZoneCards;
  private readonly days = new LocalDays();
  private readonly json = new NearbyJson();

  /**
   * Zones within `radius` metres of a point, nearest first, as the answer's JSON bytes: the map of
   * zones in memory narrows them to a box of latitudes and longitudes (ZoneMap's cells), then the
   * exact great-circle distance decides. What each zone shows comes from its card (ZoneCards).
   */
  async nearby(query: NearbyZonesQuery): Promise<Buffer> {
    const at = query.at !== undefined ? parseInstant(query.at)! : this.clock.now();
    const found: { zone: Zone; distance: number }[] = [];
    for (const zone of await this.zones.withinBox(boundingBox(query.lat, query.lng, query.radius))) {
      const distance = distanceMetres(query.lat, query.lng, zone.latitude, zone.longitude);
      if (distance <= query.radius) found.push({ zone, distance });
    }
    found.sort((a, b) => a.distance - b.distance || a.zone.name.localeCompare(b.zone.name, 'zh-CN') || a.zone.id.localeCompare(b.zone.id));
    const page = found.slice(query.offset, query.offset + query.limit);
    const cards = await this.cardsAt(
      page.map(({ zone }) => zone),
      at,
    );
    const items = page.map(({ zone, distance }, i): NearbyItem => {
      const { openNow, next } = stateAt(cards[i], at);
      return { zone, distance, card: cards[i], openNow, nextSession: next };
    });
    return this.json.write(items, found.length);
  }

  /**
   * The zones' cards for `at`'s local date in each, from memory where current; the others built
   * in one batch of reads. A zone whose next run is not among the card's (a weekly market) is
   * looked up again over 30 days, once per card. Most zones run daily, so most cards expand three
   * days, not thirty-two.
   */
  private async cardsAt(zones: Zone[], at: number): Promise<ZoneCard[]> {
    const today = zones.map((zone) => this.days.dateOf(at, zone.timezone));
    const current = this.cards.reader(this.clock.now());
    const cards = zones.map((zone, i) => current(zone.id, today[i]));
    const window = (i: number, days: number) => ({ zone: zones[i], from: addDays(today[i], -1), to: addDays(today[i], days) });
    const missing = indicesOf(cards, (card) => card === undefined);
    if (missing.length > 0) {
      const stamp = this.cards.stamp();
      const claimed = await this.claims.claimedStalls(missing.map((i) => ({ zoneId: zones[i].id, date: today[i] })));
      const categories = await this.stalls.categories([...claimed.values()].flatMap(({ stalls }) => [...stalls]));
      const feedback = await this.feedback.countsOfZones(missing.map((i) => zones[i].id));
      const runs = await this.schedule.zonesOccurrences(missing.map((i) => window(i, 1)));
      for (const i of missing) {
        const { id } = zones[i];
        const { stalls, changesAt } = claimed.get(id)!;
        const held = { vegetables: 0, fruit: 0, food: 0, general: 0 } satisfies Record<StallCategory, number>;
        for (const stallId of stalls) held[categories.get(stallId) ?? 'general'] += 1;
        const card: ZoneCard = {
          stamp,
          runs: runs.get(id)!.occurrences,
          further: null,
          held,
          heldChangesAt: changesAt,
          feedback: feedback.get(id)!,
        };
        this.cards.set(id, today[i], card);
        cards[i] = card;
      }
    }
    const built = cards as ZoneCard[];
    const further = indicesOf(built, (card) => card.further === null && stateAt(card, at).next === null);
    if (further.length > 0) {
      const runs = await this.schedule.zonesOccurrences(further.map((i) => window(i, NEXT_SESSION_DAYS)));
      for (const i of further) built[i].further = runs.get(zones[i].id)!.occurrences;
    }
    return built;
  }

  /** A zone for the public schedule and calendar (any zone, by id). */
  zone(id: string): Promise<Zone> {
    return this.zones.forReading(id);
  }

  /** The page a stall's QR code opens: the zone, the stall, its sessions, today's holders masked. */
  async stallPage(stallId: string): Promise<StallPageResponse> {
    const stall = await this.stalls.get(stallId);
    const zone = await this.zones.get(stall.zoneId);
    const today = localDate(this.clock.now(), zone.timezone);
    const { occurrences } = await this.schedule.zoneOccurrences(zone, today, today);
    const sessions = await this.schedule.liveSessionsOfZone(zone.id);
    const holders = await this.claims.holdersOfStall(zone.id, stall.id, today);
    const vendors = await Promise.all(holders.map((holder) => this.vendors.find(holder.vendorId)));
    return {
      id: stall.id,
      code: stall.code,
      category: stall.category,
      status: stall.status,
      zone: { id: zone.id, name: zone.name, district: zone.district, address: zone.address, timezone: zone.timezone },
      sessions: sessions.map((s) => ({ id: s.id, name: s.name, startTime: s.startTime, endTime: s.endTime, rrule: s.rrule })),
      today,
      holders: holders.flatMap((holder, i) => {
        const vendor = vendors[i];
        if (!vendor) return [];
        const sessionName =
          occurrences.find((o) => o.sessionId === holder.sessionId)?.name ?? sessions.find((s) => s.id === holder.sessionId)?.name ?? '';
        return [
          {
            sessionId: holder.sessionId,
            sessionName,
            name: maskName(vendor.name),
            kind: vendor.kind,
            checkedIn: holder.status === 'checked_in',
          },
        ];
      }),
      feedbackPath: `/api/public/zones/${zone.id}/feedback`,
    };
  }
}

function indicesOf<T>(list: readonly T[], test: (item: T) => boolean): number[] {
  const found: number[] = [];
  for (let i = 0; i < list.length; i++) if (test(list[i])) found.push(i);
  return found;
}

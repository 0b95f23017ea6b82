import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import { ZoneTimezoneHistory } from '../common/ports/zone-timezone.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx, RowLock } from '../database/transactions.js';
import { CreateZoneDto, ListZonesQuery, UpdateZoneDto } from './dto/zone.dto.js';
import type { Zone } from './zone.js';
import { ZonesRepository } from './zones.repository.js';
import { type Box, ZoneMap } from './zone-map.js';
import { type Stamp, TableChanges } from '../database/table-changes.js';

const MAP_TABLES = ['zones'];

function sameExceptUpdatedAt(a: Zone, b: Zone): boolean {
  return (Object.keys(a) as (keyof Zone)[]).every((key) => key === 'updatedAt' || a[key] === b[key]);
}

@Injectable()
export class ZonesService {
  constructor(
    private readonly zones: ZonesRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly claimHolds: ClaimHolds,
    private readonly timezoneHistory: ZoneTimezoneHistory,
    private readonly changes: TableChanges,
  ) {}

  private map: { stamp: Stamp; zones: ZoneMap } | null = null;
  private rebuilding: Promise<ZoneMap> | null = null;

  async create(dto: CreateZoneDto, actor: Actor): Promise<Zone> {
    const now = this.clock.now();
    const zone: Zone = {
      id: newId(),
      name: dto.name,
      district: dto.district,
      address: dto.address,
      latitude: dto.latitude,
      longitude: dto.longitude,
      timezone: dto.timezone ?? DEFAULT_TIMEZONE,
      description: dto.description ?? null,
      maxClaimsPerVendorPerWeek: dto.maxClaimsPerVendorPerWeek ?? 7,
      bookingHorizonDays: dto.bookingHorizonDays ?? 14,
      offerHoldMinutes: dto.offerHoldMinutes ?? 60,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.write(async (tx) => {
      await this.zones.insert(tx, zone);
      await this.audit.record(tx, actor, { action: 'zone.created', entityType: 'zone', entityId: zone.id, after: zone });
    });
    return zone;
  }

  list(query: ListZonesQuery): Promise<Page<Zone>> {
    return this.zones.list({ district: query.district, q: query.q, limit: query.limit, offset: query.offset });
  }

  /**
   * The zones of an area closure, locked shared in id order inside the caller's
   * write (the one write rule: zones before sessions): the listed ones (each
   * must exist, else 404), of the district when one is given too; else every
   * zone of the district, or every zone.
   */
  async lockArea(tx: Tx, area: { district?: string; zoneIds?: string[] }): Promise<Zone[]> {
    const ids = area.zoneIds !== undefined ? [...new Set(area.zoneIds)].sort() : await this.zones.idsInArea(tx, area.district);
    const zones: Zone[] = [];
    for (const id of ids) zones.push(await this.get(id, tx, 'share'));
    return area.district === undefined ? zones : zones.filter((zone) => zone.district === area.district);
  }

  /** Every zone, in the list's natural order (district, then name): reports cover them all. */
  async all(): Promise<Zone[]> {
    return (await this.zones.list({ limit: Number.MAX_SAFE_INTEGER, offset: 0 })).items;
  }

  /** A zone, or 404. Inside a write, `lock` takes the one write rule's row lock. */
  async get(id: string, tx?: Tx, lock?: RowLock): Promise<Zone> {
    const zone = await this.zones.find(id, tx, lock);
    if (!zone) throw notFound('zone', id);
    return zone;
  }

  /**
   * A zone for a read that shows it (a schedule, the public views): from the map of zones kept in
   * memory, as current as the map (exact for this process's writes; on PostgreSQL at most a
   * second behind other instances'). Never for a write: those read the row, locked, in their
   * transaction (get with a tx).
   */
  async forReading(id: string): Promise<Zone> {
    return (await this.currentMap()).find(id) ?? this.get(id);
  }

  /** Zones whose coordinates lie in a box of latitudes and longitudes. */
  async withinBox(box: Box): Promise<Zone[]> {
    return (await this.currentMap()).withinBox(box);
  }

  /**
   * The map of every zone, built from the table and used while no write of this process has
   * touched the table since (on PostgreSQL, for at most a second: other instances write too).
   * Requests that find it stale while it is being rebuilt wait for the same rebuild.
   */
  private currentMap(): ZoneMap | Promise<ZoneMap> {
    if (this.map && this.changes.isCurrent(this.map.stamp, MAP_TABLES)) return this.map.zones;
    this.rebuilding ??= (async () => {
      const stamp = this.changes.stamp(MAP_TABLES);
      const zones = new ZoneMap(await this.zones.all());
      this.map = { stamp, zones };
      return zones;
    })().finally(() => (this.rebuilding = null));
    return this.rebuilding;
  }

  /** Names and time zones by zone id, in one read, for showing many claims at once. */
  labels(ids: string[]): Promise<Map<string, { name: string; timezone: string }>> {
    return this.zones.labels([...new Set(ids)]);
  }

  /** Time zones by zone id, for showing instants of many rows at once. */
  async timezones(ids: string[]): Promise<Map<string, string>> {
    const labels = await this.labels(ids);
    return new Map([...labels].map(([id, label]) => [id, label.timezone]));
  }

  async update(id: string, dto: UpdateZoneDto, actor: Actor): Promise<Zone> {
    return this.transactions.write(async (tx) => {
      // Locked before anything is read: a claim being made in this zone holds the row shared.
      const before = await this.get(id, tx, 'update');
      const now = this.clock.now();
      const after: Zone = {
        ...before,
        name: dto.name ?? before.name,
        district: dto.district ?? before.district,
        address: dto.address ?? before.address,
        latitude: dto.latitude ?? before.latitude,
        longitude: dto.longitude ?? before.longitude,
        timezone: dto.timezone ?? before.timezone,
        description: dto.description === undefined ? before.description : dto.description,
        maxClaimsPerVendorPerWeek: dto.maxClaimsPerVendorPerWeek ?? before.maxClaimsPerVendorPerWeek,
        bookingHorizonDays: dto.bookingHorizonDays ?? before.bookingHorizonDays,
        offerHoldMinutes: dto.offerHoldMinutes ?? before.offerHoldMinutes,
        status: dto.status ?? before.status,
        updatedAt: now,
      };
      // Nothing to change: no write, no audit entry, updatedAt stays.
      if (sameExceptUpdatedAt(before, after)) return before;
      if (after.timezone !== before.timezone) {
        // Claims ahead store their instants: moving the zone's clock under them would strand them.
        const live = await this.claimHolds.countLiveInZone(tx, id, now);
        if (live > 0) {
          throw new DomainError(
            ErrorCode.SESSION_HAS_CLAIMS,
            `the zone's time zone cannot change while ${live} active claims are ahead`,
            {},
            {
              reason: 'timezone',
            },
          );
        }
        // Past occurrences keep the time zone they ran in.
        await this.timezoneHistory.keepPast(tx, id, before.timezone, now);
      }
      await this.zones.update(tx, after);
      await this.audit.record(tx, actor, { action: 'zone.updated', entityType: 'zone', entityId: id, before, after });
      return after;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager, In, MoreThan } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { ACTIVE_STATUSES, Claim } from '../claims/claim.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { containsPattern } from '../common/like.js';
import { Page } from '../common/pagination.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { CreateZoneDto, ListZonesQuery, UpdateZoneDto } from './dto/zone.dto.js';
import { Zone, zoneFromRow } from './zone.entity.js';
import { newId } from '../database/ids.js';

@Injectable()
export class ZonesService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

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
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await this.db.write(async (em) => {
      await em.insert(Zone, zone);
      await this.audit.record(em, actor, { action: 'zone.created', entityType: 'zone', entityId: zone.id, after: zone });
    });
    return zone;
  }

  async list(query: ListZonesQuery): Promise<Page<Zone>> {
    const qb = this.db.reader.createQueryBuilder(Zone, 'zone');
    if (query.district) qb.andWhere('zone.district = :district', { district: query.district });
    if (query.q) qb.andWhere(`LOWER(zone.name) LIKE :q ESCAPE '\\'`, { q: containsPattern(query.q) });
    const [items, total] = await qb
      .orderBy('zone.name', 'ASC')
      .addOrderBy('zone.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items, total };
  }

  async get(id: string, em: EntityManager = this.db.reader): Promise<Zone> {
    const row = await this.db.sql(em).get('SELECT * FROM zones WHERE id = ?', [id]);
    if (!row) throw notFound('zone', id);
    return zoneFromRow(row);
  }

  async update(id: string, dto: UpdateZoneDto, actor: Actor): Promise<Zone> {
    return this.db.write(async (em) => {
      const before = await this.get(id, em);
      if (dto.timezone !== undefined && dto.timezone !== before.timezone) await this.assertNoLiveClaims(em, id);
      const after: Zone = {
        ...before,
        name: dto.name ?? before.name,
        district: dto.district ?? before.district,
        address: dto.address ?? before.address,
        latitude: dto.latitude ?? before.latitude,
        longitude: dto.longitude ?? before.longitude,
        timezone: dto.timezone ?? before.timezone,
        description: dto.description ?? before.description,
        maxClaimsPerVendorPerWeek: dto.maxClaimsPerVendorPerWeek ?? before.maxClaimsPerVendorPerWeek,
        bookingHorizonDays: dto.bookingHorizonDays ?? before.bookingHorizonDays,
        status: dto.status ?? before.status,
        updatedAt: this.clock.now(),
      };
      await em.update(Zone, { id }, after);
      await this.audit.record(em, actor, { action: 'zone.updated', entityType: 'zone', entityId: id, before, after });
      return after;
    });
  }

  /** Claims store their instants: moving the zone's clock under them would strand them. */
  private async assertNoLiveClaims(em: EntityManager, zoneId: string): Promise<void> {
    const live = await em.count(Claim, {
      where: { zoneId, status: In([...ACTIVE_STATUSES]), endAt: MoreThan(this.clock.now()) },
    });
    if (live > 0) {
      throw new DomainError(ErrorCode.SESSION_HAS_CLAIMS, `the zone's time zone cannot change while ${live} active claims are ahead`);
    }
  }
}

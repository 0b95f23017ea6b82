import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page, PageQuery } from '../common/pagination.js';
import { constraintViolation } from '../database/db-errors.js';
import { Database } from '../database/database.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { BulkCreateStallsDto, CreateStallDto, UpdateStallDto } from './dto/stall.dto.js';
import { bulkCodes } from './stall.mapper.js';
import { Stall, StallCategory, stallFromRow } from './stall.entity.js';
import { newId } from '../database/ids.js';

@Injectable()
export class StallsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly audit: AuditService,
  ) {}

  async create(zoneId: string, dto: CreateStallDto, actor: Actor): Promise<Stall> {
    const [stall] = await this.createMany(zoneId, [dto.code], dto.category, actor);
    return stall;
  }

  bulkCreate(zoneId: string, dto: BulkCreateStallsDto, actor: Actor): Promise<Stall[]> {
    return this.createMany(zoneId, bulkCodes(dto.prefix, dto.count), dto.category, actor);
  }

  /** All or nothing: one taken code refuses the whole batch. */
  private async createMany(zoneId: string, codes: string[], category: StallCategory, actor: Actor): Promise<Stall[]> {
    const now = this.clock.now();
    const stalls: Stall[] = codes.map((code) => ({ id: newId(), zoneId, code, category, status: 'open', createdAt: now }));
    return this.db.write(async (em) => {
      await this.zones.get(zoneId, em);
      const taken = await em.find(Stall, { select: { code: true }, where: { zoneId, code: In(codes) }, take: 5 });
      if (taken.length > 0) throw duplicateCode(taken.map((s) => s.code));
      try {
        for (let i = 0; i < stalls.length; i += 100) await em.insert(Stall, stalls.slice(i, i + 100));
      } catch (error) {
        if (constraintViolation(error)?.kind === 'unique') throw duplicateCode(codes);
        throw error;
      }
      await this.audit.record(em, actor, stalls.map((stall) => ({
        action: 'stall.created',
        entityType: 'stall',
        entityId: stall.id,
        after: stall,
      })));
      return stalls;
    });
  }

  async list(zoneId: string, page: PageQuery): Promise<Page<Stall>> {
    await this.zones.get(zoneId);
    const [items, total] = await this.db.reader.findAndCount(Stall, {
      where: { zoneId },
      order: { code: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }

  async get(id: string, em: EntityManager = this.db.reader): Promise<Stall> {
    const row = await this.db.sql(em).get('SELECT * FROM stalls WHERE id = ?', [id]);
    if (!row) throw notFound('stall', id);
    return stallFromRow(row);
  }

  async update(id: string, dto: UpdateStallDto, actor: Actor): Promise<Stall> {
    return this.db.write(async (em) => {
      const before = await this.get(id, em);
      const after: Stall = { ...before, category: dto.category ?? before.category, status: dto.status ?? before.status };
      await em.update(Stall, { id }, { category: after.category, status: after.status });
      await this.audit.record(em, actor, { action: 'stall.updated', entityType: 'stall', entityId: id, before, after });
      return after;
    });
  }
}

function duplicateCode(codes: string[]): DomainError {
  return new DomainError(ErrorCode.DUPLICATE_STALL_CODE, `stall code already used in this zone: ${codes.slice(0, 5).join(', ')}`);
}

import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page, PageQuery } from '../common/pagination.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx, RowLock } from '../database/transactions.js';
import { ZonesService } from '../zones/zones.service.js';
import { BulkCreateStallsDto, CreateStallDto, UpdateStallDto } from './dto/stall.dto.js';
import type { Stall, StallCategory } from './stall.js';
import { bulkCodes } from './stall.mapper.js';
import { StallsRepository } from './stalls.repository.js';

@Injectable()
export class StallsService {
  constructor(
    private readonly stalls: StallsRepository,
    private readonly transactions: Transactions,
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
    return this.transactions.write(async (tx) => {
      await this.zones.get(zoneId, tx);
      const taken = await this.stalls.takenCodes(tx, zoneId, codes, 5);
      if (taken.length > 0) throw duplicateCode(taken);
      try {
        await this.stalls.insertMany(tx, stalls);
      } catch (error) {
        if (constraintViolation(error)?.kind === 'unique') throw duplicateCode(codes);
        throw error;
      }
      await this.audit.record(
        tx,
        actor,
        stalls.map((stall) => ({ action: 'stall.created', entityType: 'stall', entityId: stall.id, after: stall })),
      );
      return stalls;
    });
  }

  async list(zoneId: string, page: PageQuery): Promise<Page<Stall>> {
    await this.zones.get(zoneId);
    return this.stalls.listByZone(zoneId, page);
  }

  /** Every stall of a zone, in code order. */
  async allOfZone(zoneId: string): Promise<Stall[]> {
    return (await this.stalls.listByZone(zoneId)).items;
  }

  /** A stall, or 404. Inside a write, `lock` takes the one write rule's row lock. */
  async get(id: string, tx?: Tx, lock?: RowLock): Promise<Stall> {
    const stall = await this.stalls.find(id, tx, lock);
    if (!stall) throw notFound('stall', id);
    return stall;
  }

  /** Categories by stall id. */
  categories(ids: string[]): Promise<Map<string, StallCategory>> {
    return this.stalls.categories([...new Set(ids)]);
  }

  /** Codes by stall id, for showing many claims at once. */
  codes(ids: string[]): Promise<Map<string, string>> {
    return this.stalls.codes([...new Set(ids)]);
  }

  async update(id: string, dto: UpdateStallDto, actor: Actor): Promise<Stall> {
    return this.transactions.write(async (tx) => {
      const before = await this.get(id, tx, 'update');
      const after: Stall = { ...before, category: dto.category ?? before.category, status: dto.status ?? before.status };
      if (after.category === before.category && after.status === before.status) return before;
      await this.stalls.update(tx, after);
      await this.audit.record(tx, actor, { action: 'stall.updated', entityType: 'stall', entityId: id, before, after });
      return after;
    });
  }
}

function duplicateCode(codes: string[]): DomainError {
  return new DomainError(
    ErrorCode.DUPLICATE_STALL_CODE,
    `stall code already used in this zone: ${codes.slice(0, 5).join(', ')}`,
    {},
    {
      codes: codes.slice(0, 5).join('、'),
    },
  );
}

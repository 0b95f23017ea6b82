import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, MoreThan } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { hashPassword } from '../auth/password.js';
import { User } from '../auth/user.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ACTIVE_STATUSES, Claim } from '../claims/claim.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { constraintViolation } from '../database/db-errors.js';
import { Database } from '../database/database.service.js';
import { ListVendorsQuery, RegisterVendorDto, SuspendVendorDto } from '../vendors/dto/vendor.dto.js';
import { effectiveStatus, TRANSITIONS } from './vendor-status.js';
import { Vendor } from './vendor.entity.js';
import { newId } from '../database/ids.js';

type Action = keyof typeof TRANSITIONS;

@Injectable()
export class VendorsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async register(dto: RegisterVendorDto): Promise<Vendor> {
    // Hash before entering the write queue: a job must not wait on anything but the database.
    const passwordHash = await hashPassword(dto.password);
    const now = this.clock.now();
    const vendor: Vendor = {
      id: newId(),
      name: dto.name,
      phone: dto.phone,
      kind: dto.kind,
      categories: dto.categories,
      priorityGroups: [],
      status: 'pending',
      statusReason: null,
      suspendedUntil: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.db.write(async (em) => {
        const taken = await em.count(User, { where: { username: dto.phone } });
        if (taken > 0) throw duplicatePhone();
        await em.insert(User, { id: vendor.id, username: dto.phone, passwordHash, role: 'vendor', createdAt: now });
        await em.insert(Vendor, vendor);
        await this.audit.record(em, { id: vendor.id, role: 'vendor' }, {
          action: 'vendor.registered',
          entityType: 'vendor',
          entityId: vendor.id,
          after: vendor,
        });
      });
    } catch (error) {
      // Two registrations racing for one phone: the unique index decides.
      if (constraintViolation(error)?.kind === 'unique') throw duplicatePhone();
      throw error;
    }
    return vendor;
  }

  async list(query: ListVendorsQuery): Promise<Page<Vendor>> {
    const now = this.clock.now();
    const qb = this.db.reader.createQueryBuilder(Vendor, 'vendor');
    if (query.status === 'approved') {
      qb.where(new Brackets((w) => w
        .where(`vendor.status = 'approved'`)
        .orWhere(`vendor.status = 'suspended' AND vendor.suspendedUntil <= :now`, { now })));
    } else if (query.status === 'suspended') {
      qb.where(`vendor.status = 'suspended' AND (vendor.suspendedUntil IS NULL OR vendor.suspendedUntil > :now)`, { now });
    } else if (query.status) {
      qb.where('vendor.status = :status', { status: query.status });
    }
    const [items, total] = await qb
      .orderBy('vendor.createdAt', 'DESC')
      .addOrderBy('vendor.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items, total };
  }

  async get(id: string, em: EntityManager = this.db.reader): Promise<Vendor> {
    const vendor = await em.findOne(Vendor, { where: { id } });
    if (!vendor) throw notFound('vendor', id);
    return vendor;
  }

  approve(id: string, actor: Actor): Promise<Vendor> {
    return this.transition(id, 'approve', actor, { statusReason: null, suspendedUntil: null });
  }

  reject(id: string, reason: string, actor: Actor): Promise<Vendor> {
    return this.transition(id, 'reject', actor, { statusReason: reason, suspendedUntil: null });
  }

  reinstate(id: string, actor: Actor): Promise<Vendor> {
    return this.transition(id, 'reinstate', actor, { statusReason: null, suspendedUntil: null });
  }

  /** Suspends, and hands back to the market every claim the vendor holds in the suspended period. */
  suspend(id: string, dto: SuspendVendorDto, actor: Actor): Promise<Vendor> {
    // An instant needs its offset: "2026-12-31T00:00" alone would mean the server's own time zone.
    if (dto.until !== undefined && !/T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(dto.until)) {
      throw validationFailed('until must be an instant with its offset, e.g. 2026-12-31T00:00:00+08:00');
    }
    const until = dto.until === undefined ? null : Date.parse(dto.until);
    if (until !== null && (Number.isNaN(until) || until <= this.clock.now())) {
      throw validationFailed('until must be an instant in the future, with its offset');
    }
    return this.transition(id, 'suspend', actor, { statusReason: dto.reason, suspendedUntil: until }, (em) =>
      this.cancelClaimsDuring(em, id, until, actor),
    );
  }

  private async transition(
    id: string,
    action: Action,
    actor: Actor,
    changes: Pick<Vendor, 'statusReason' | 'suspendedUntil'>,
    alsoDo?: (em: EntityManager) => Promise<void>,
  ): Promise<Vendor> {
    return this.db.write(async (em) => {
      const before = await this.get(id, em);
      const now = this.clock.now();
      const current = effectiveStatus(before, now);
      const { from, to } = TRANSITIONS[action];
      if (!from.includes(current)) {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `cannot ${action} a vendor who is ${current}`);
      }
      const after: Vendor = { ...before, ...changes, status: to, updatedAt: now };
      await em.update(Vendor, { id }, { status: to, ...changes, updatedAt: now });
      await this.audit.record(em, actor, { action: `vendor.${action}`, entityType: 'vendor', entityId: id, before, after });
      await alsoDo?.(em);
      return after;
    });
  }

  private async cancelClaimsDuring(em: EntityManager, vendorId: string, until: number | null, actor: Actor): Promise<void> {
    const now = this.clock.now();
    const ahead = await em.find(Claim, { where: { vendorId, status: In([...ACTIVE_STATUSES]), startAt: MoreThan(now) } });
    const affected = ahead.filter((claim) => until === null || claim.startAt < until);
    if (affected.length === 0) return;
    await em.update(Claim, { id: In(affected.map((c) => c.id)) }, { status: 'cancelled_by_market', cancelledAt: now, updatedAt: now });
    await this.audit.record(em, actor, affected.map((claim) => ({
      action: 'claim.cancelled_by_market',
      entityType: 'claim',
      entityId: claim.id,
      before: claim,
      after: { ...claim, status: 'cancelled_by_market', cancelledAt: now, updatedAt: now },
    })));
  }
}

function duplicatePhone(): DomainError {
  return new DomainError(ErrorCode.DUPLICATE_PHONE, 'this phone number is already registered');
}

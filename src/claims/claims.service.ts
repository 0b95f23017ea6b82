import { Injectable } from '@nestjs/common';
import { Between, EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { addDays, resolveRange } from '../common/date-range.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { constraintViolation } from '../database/db-errors.js';
import { Database } from '../database/database.service.js';
import { localDate } from '../recurrence/local-time.js';
import { Occurrence } from '../sessions/occurrences.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { Stall } from '../stalls/stall.entity.js';
import { Zone } from '../zones/zone.entity.js';
import { checkInProblem, effectiveClaimStatus } from './claim-rules.js';
import { ClaimPolicy, ClaimTarget } from './claim-policy.service.js';
import { ClaimsRepository } from './claims.repository.js';
import { Claim, ClaimSource } from './claim.entity.js';
import { toClaimResponse } from './claim.mapper.js';
import { ClaimResponse, CreateClaimDto, MyClaimsQuery } from './dto/claim.dto.js';
import { findStored, replay, requestHash, store } from './idempotency.js';
import { newId } from '../database/ids.js';

@Injectable()
export class ClaimsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly policy: ClaimPolicy,
    private readonly repository: ClaimsRepository,
    private readonly zones: ZonesService,
    private readonly stalls: StallsService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateClaimDto, idempotencyKey: string | null): Promise<ClaimResponse> {
    const hash = idempotencyKey ? requestHash({ stallId: dto.stallId, sessionId: dto.sessionId, date: dto.date }) : '';
    try {
      return await this.db.write(async (em) => {
        if (idempotencyKey) {
          const stored = await findStored(em, actor.id, idempotencyKey);
          if (stored) return replay<ClaimResponse>(stored, hash);
        }
        const now = this.clock.now();
        const target = await this.loadTarget(em, actor.id, dto);
        const decision = await this.policy.evaluate(em, target, { now, horizonDays: target.zone.bookingHorizonDays });
        if (!decision.ok) throw new DomainError(decision.code, decision.message);
        const claim = await this.insertClaim(em, target, decision.occurrence, 'claim', now);
        const response = toClaimResponse(claim, target.stall.code, target.zone.timezone, now);
        if (idempotencyKey) {
          await store(em, { userId: actor.id, key: idempotencyKey, requestHash: hash, statusCode: 201, response, createdAt: now });
        }
        await this.audit.record(em, actor, { action: 'claim.created', entityType: 'claim', entityId: claim.id, after: claim });
        return response;
      });
    } catch (error) {
      // A concurrent request with the same key may have won (PostgreSQL): answer as it did.
      if (idempotencyKey && (error instanceof DomainError || constraintViolation(error))) {
        const stored = await findStored(this.db.reader, actor.id, idempotencyKey);
        if (stored) return replay<ClaimResponse>(stored, hash);
      }
      throw error;
    }
  }

  /**
   * Inserts an active claim. The database has the last word: the partial
   * unique index refuses a second active claim on the slot, the overlap
   * trigger (SQLite) or exclusion constraint (PostgreSQL) a vendor's overlap.
   */
  async insertClaim(em: EntityManager, target: ClaimTarget, occurrence: Occurrence, source: ClaimSource, now: number): Promise<Claim> {
    const claim: Claim = {
      id: newId(),
      vendorId: target.vendor.id,
      stallId: target.stall.id,
      sessionId: target.session.id,
      zoneId: target.zone.id,
      date: target.date,
      startAt: occurrence.start,
      endAt: occurrence.end,
      status: 'confirmed',
      source,
      createdAt: now,
      updatedAt: now,
      checkedInAt: null,
      cancelledAt: null,
    };
    try {
      await this.repository.insert(em, claim);
    } catch (error) {
      const violation = constraintViolation(error);
      if (violation?.kind === 'unique') throw new DomainError(ErrorCode.SLOT_TAKEN, `stall ${target.stall.code} is already claimed for ${target.date}`);
      if (violation?.kind === 'overlap') throw new DomainError(ErrorCode.VENDOR_OVERLAP, 'the vendor already holds a claim at an overlapping time');
      throw error;
    }
    return claim;
  }

  private async loadTarget(em: EntityManager, vendorId: string, dto: CreateClaimDto): Promise<ClaimTarget> {
    const vendor = await this.repository.vendor(em, vendorId, true);
    if (!vendor) throw new DomainError(ErrorCode.VENDOR_NOT_APPROVED, 'no vendor record for this account');
    const stall = await this.stalls.get(dto.stallId, em);
    const session = await this.schedule.session(dto.sessionId, em);
    const zone = await this.zones.get(stall.zoneId, em);
    return { vendor, stall, session, zone, date: dto.date };
  }

  async get(actor: Actor, id: string): Promise<ClaimResponse> {
    const claim = await this.visibleClaim(this.db.reader, actor, id);
    return (await this.present(this.db.reader, [claim]))[0];
  }

  /** Its vendor before the start, or staff until the end. */
  async cancel(actor: Actor, id: string): Promise<ClaimResponse> {
    return this.db.write(async (em) => {
      const claim = await this.visibleClaim(em, actor, id);
      const now = this.clock.now();
      const status = effectiveClaimStatus(claim, now);
      if (status !== 'confirmed' && status !== 'checked_in') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `a ${status} claim cannot be cancelled`);
      }
      if (actor.role === 'vendor' && now >= claim.startAt) {
        throw new DomainError(ErrorCode.OUTSIDE_CANCEL_WINDOW, 'a claim can be cancelled by its vendor only before the occurrence starts');
      }
      if (now >= claim.endAt) throw new DomainError(ErrorCode.OUTSIDE_CANCEL_WINDOW, 'the occurrence has ended');
      return this.change(em, actor, claim, { status: 'cancelled', cancelledAt: now, updatedAt: now }, 'claim.cancelled');
    });
  }

  /** Its vendor from 30 minutes before the start to the end; staff from 30 minutes before, also after (a late record). */
  async checkIn(actor: Actor, id: string): Promise<ClaimResponse> {
    return this.db.write(async (em) => {
      const claim = await this.visibleClaim(em, actor, id);
      const now = this.clock.now();
      const status = effectiveClaimStatus(claim, now);
      if (status === 'checked_in') return (await this.present(em, [claim]))[0];
      const byStaff = actor.role === 'staff';
      // A no-show is a confirmed claim past its end: for its vendor the window has closed, staff may still record it.
      if (status !== 'confirmed' && status !== 'no_show') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `a ${status} claim cannot be checked in`);
      }
      const problem = checkInProblem({ start: claim.startAt, end: claim.endAt, now, byStaff });
      if (problem) throw new DomainError(ErrorCode.OUTSIDE_CHECK_IN_WINDOW, problem);
      return this.change(em, actor, claim, { status: 'checked_in', checkedInAt: now, updatedAt: now }, 'claim.checked_in');
    });
  }

  async listMine(actor: Actor, query: MyClaimsQuery): Promise<Page<ClaimResponse>> {
    const today = localDate(this.clock.now(), DEFAULT_TIMEZONE);
    const { from, to } = resolveRange(query, addDays(today, -30), 121);
    const [claims, total] = await this.db.reader.findAndCount(Claim, {
      where: { vendorId: actor.id, date: Between(from, to) },
      order: { startAt: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: await this.present(this.db.reader, claims), total };
  }

  /** Responses for claims, with their stall codes and zone time zones fetched once. */
  async present(em: EntityManager, claims: Claim[]): Promise<ClaimResponse[]> {
    if (claims.length === 0) return [];
    const now = this.clock.now();
    const stallIds = [...new Set(claims.map((c) => c.stallId))];
    const zoneIds = [...new Set(claims.map((c) => c.zoneId))];
    const stalls = new Map((await em.find(Stall, { select: { id: true, code: true }, where: { id: In(stallIds) } })).map((s) => [s.id, s.code]));
    const zones = new Map((await em.find(Zone, { select: { id: true, timezone: true }, where: { id: In(zoneIds) } })).map((z) => [z.id, z.timezone]));
    return claims.map((claim) => toClaimResponse(claim, stalls.get(claim.stallId) ?? '', zones.get(claim.zoneId) ?? DEFAULT_TIMEZONE, now));
  }

  /** A vendor sees only its own claims: another vendor's is "not found", not "forbidden". */
  private async visibleClaim(em: EntityManager, actor: Actor, id: string): Promise<Claim> {
    const claim = await em.findOne(Claim, { where: { id } });
    if (!claim || (actor.role === 'vendor' && claim.vendorId !== actor.id)) throw notFound('claim', id);
    return claim;
  }

  private async change(em: EntityManager, actor: Actor, before: Claim, changes: Partial<Claim>, action: string): Promise<ClaimResponse> {
    const after: Claim = { ...before, ...changes };
    await em.update(Claim, { id: before.id }, changes);
    await this.audit.record(em, actor, { action, entityType: 'claim', entityId: before.id, before, after });
    return (await this.present(em, [after]))[0];
  }
}

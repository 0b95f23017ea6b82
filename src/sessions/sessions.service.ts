import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, MoreThan, MoreThanOrEqual } from 'typeorm';
import type { Actor } from '../auth/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { ACTIVE_STATUSES, Claim } from '../claims/claim.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page, PageQuery } from '../common/pagination.js';
import { constraintViolation } from '../database/db-errors.js';
import { Database } from '../database/database.service.js';
import { isOccurrence } from '../recurrence/expand.js';
import { ZonesService } from '../zones/zones.service.js';
import { CancellationResponse, CreateCancellationDto, CreateSessionDto, UpdateSessionDto } from './dto/session.dto.js';
import { MarketSession } from './market-session.entity.js';
import { recurrenceOf } from './occurrences.js';
import { assertValidRecurrence } from './recurrence-validation.js';
import { ScheduleService } from './schedule.service.js';
import { SessionCancellation } from './session-cancellation.entity.js';
import { newId } from '../database/ids.js';

/** A market called off after the fact also excuses the no-shows of that day. */
const CANCELLABLE_BY_MARKET = [...ACTIVE_STATUSES, 'no_show' as const];

@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
  ) {}

  async create(zoneId: string, dto: CreateSessionDto, actor: Actor): Promise<MarketSession> {
    assertValidRecurrence(dto.rrule, dto.validFrom, dto.validUntil ?? null);
    const now = this.clock.now();
    const session: MarketSession = {
      id: newId(),
      zoneId,
      name: dto.name,
      startTime: dto.startTime,
      endTime: dto.endTime,
      rrule: dto.rrule.toUpperCase().replace(/^RRULE:/, ''),
      validFrom: dto.validFrom,
      validUntil: dto.validUntil ?? null,
      version: 1,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.write(async (em) => {
      await this.zones.get(zoneId, em);
      await em.insert(MarketSession, session);
      await this.audit.record(em, actor, { action: 'session.created', entityType: 'session', entityId: session.id, after: session });
    });
    return session;
  }

  async list(zoneId: string, page: PageQuery): Promise<Page<MarketSession>> {
    await this.zones.get(zoneId);
    const [items, total] = await this.db.reader.findAndCount(MarketSession, {
      where: { zoneId, deletedAt: IsNull() },
      order: { startTime: 'ASC', name: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }

  get(id: string): Promise<MarketSession> {
    return this.schedule.session(id);
  }

  async update(id: string, dto: UpdateSessionDto, actor: Actor): Promise<MarketSession> {
    return this.db.write(async (em) => {
      const before = await this.schedule.session(id, em);
      const after: MarketSession = {
        ...before,
        name: dto.name ?? before.name,
        startTime: dto.startTime ?? before.startTime,
        endTime: dto.endTime ?? before.endTime,
        rrule: dto.rrule !== undefined ? dto.rrule.toUpperCase().replace(/^RRULE:/, '') : before.rrule,
        validFrom: dto.validFrom ?? before.validFrom,
        validUntil: dto.validUntil === undefined ? before.validUntil : dto.validUntil,
        updatedAt: this.clock.now(),
      };
      const timesChanged = after.startTime !== before.startTime || after.endTime !== before.endTime;
      const recurrenceChanged =
        after.rrule !== before.rrule || after.validFrom !== before.validFrom || after.validUntil !== before.validUntil;
      if (recurrenceChanged) assertValidRecurrence(after.rrule, after.validFrom, after.validUntil);
      if (timesChanged || recurrenceChanged) {
        await this.assertClaimsStay(em, after, timesChanged);
        after.version = before.version + 1;
      }
      await em.update(MarketSession, { id }, after);
      await this.audit.record(em, actor, { action: 'session.updated', entityType: 'session', entityId: id, before, after });
      return after;
    });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.db.write(async (em) => {
      const session = await this.schedule.session(id, em);
      const live = await this.liveClaims(em, session);
      if (live.length > 0) {
        throw new DomainError(ErrorCode.SESSION_HAS_CLAIMS, `the session has ${live.length} active claims ahead; cancel its occurrences instead`);
      }
      const deletedAt = this.clock.now();
      await em.update(MarketSession, { id }, { deletedAt });
      await this.audit.record(em, actor, {
        action: 'session.deleted',
        entityType: 'session',
        entityId: id,
        before: session,
        after: { ...session, deletedAt },
      });
    });
  }

  async cancelOccurrence(id: string, dto: CreateCancellationDto, actor: Actor): Promise<CancellationResponse> {
    try {
      return await this.cancelOnce(id, dto, actor);
    } catch (error) {
      // Two staff cancelling the same day at once (PostgreSQL): the loser answers as the winner did.
      if (constraintViolation(error)?.kind === 'unique') return this.cancelOnce(id, dto, actor);
      throw error;
    }
  }

  private cancelOnce(id: string, dto: CreateCancellationDto, actor: Actor): Promise<CancellationResponse> {
    return this.db.write(async (em) => {
      const session = await this.schedule.session(id, em);
      if (!isOccurrence(recurrenceOf(session), dto.date)) {
        throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} does not run on ${dto.date}`);
      }
      const existing = await em.findOne(SessionCancellation, { where: { sessionId: id, date: dto.date } });
      if (existing) return { sessionId: id, date: dto.date, reason: existing.reason, claimsCancelled: 0 };
      const now = this.clock.now();
      const cancellation: SessionCancellation = { sessionId: id, date: dto.date, reason: dto.reason, createdBy: actor.id, createdAt: now };
      await em.insert(SessionCancellation, cancellation);
      // zone_id + date: the ix_claims_zone_date index.
      const claims = await em.find(Claim, {
        where: { zoneId: session.zoneId, date: dto.date, sessionId: id, status: In(CANCELLABLE_BY_MARKET) },
      });
      if (claims.length > 0) {
        await em.update(Claim, { id: In(claims.map((c) => c.id)) }, { status: 'cancelled_by_market', cancelledAt: now, updatedAt: now });
      }
      await this.audit.record(em, actor, [
        { action: 'session.occurrence_cancelled', entityType: 'session', entityId: id, after: cancellation },
        ...claims.map((claim) => ({
          action: 'claim.cancelled_by_market',
          entityType: 'claim',
          entityId: claim.id,
          before: claim,
          after: { ...claim, status: 'cancelled_by_market', cancelledAt: now, updatedAt: now },
        })),
      ]);
      return { sessionId: id, date: dto.date, reason: dto.reason, claimsCancelled: claims.length };
    });
  }

  /** Runs the occurrence again; claims cancelled by the market stay cancelled. */
  async restoreOccurrence(id: string, date: string, actor: Actor): Promise<void> {
    await this.db.write(async (em) => {
      await this.schedule.session(id, em);
      const existing = await em.findOne(SessionCancellation, { where: { sessionId: id, date } });
      if (!existing) throw notFound('cancellation', `${id}/${date}`);
      await em.delete(SessionCancellation, { sessionId: id, date });
      await this.audit.record(em, actor, { action: 'session.occurrence_restored', entityType: 'session', entityId: id, before: existing });
    });
  }

  /** Claims that make an occurrence untouchable: active, and not over yet. */
  private liveClaims(em: EntityManager, session: MarketSession): Promise<Claim[]> {
    const now = this.clock.now();
    // zone_id + date range: the ix_claims_zone_date index (no occurrence lasts past the next day).
    const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
    return em.find(Claim, {
      where: { zoneId: session.zoneId, date: MoreThanOrEqual(yesterday), sessionId: session.id, status: In([...ACTIVE_STATUSES]), endAt: MoreThan(now) },
      order: { date: 'ASC' },
    });
  }

  /** A change may not move or remove an occurrence that an active claim holds. */
  private async assertClaimsStay(em: EntityManager, after: MarketSession, timesChanged: boolean): Promise<void> {
    const live = await this.liveClaims(em, after);
    if (live.length === 0) return;
    if (timesChanged) {
      throw new DomainError(ErrorCode.SESSION_HAS_CLAIMS, `the times cannot change while ${live.length} active claims are ahead`);
    }
    const recurrence = recurrenceOf(after);
    const stranded = [...new Set(live.map((claim) => claim.date))].filter((date) => !isOccurrence(recurrence, date));
    if (stranded.length > 0) {
      throw new DomainError(
        ErrorCode.SESSION_HAS_CLAIMS,
        `the change would remove occurrences holding active claims: ${stranded.slice(0, 5).join(', ')}`,
      );
    }
  }
}

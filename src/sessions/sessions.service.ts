import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page, PageQuery } from '../common/pagination.js';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { isOccurrence } from '../recurrence/expand.js';
import { ZonesService } from '../zones/zones.service.js';
import { CancellationsRepository } from './cancellations.repository.js';
import { CancellationResponse, CreateCancellationDto, CreateSessionDto, UpdateSessionDto } from './dto/session.dto.js';
import { recurrenceOf } from './occurrences.js';
import { assertValidRecurrence } from './recurrence-validation.js';
import { ScheduleService } from './schedule.service.js';
import type { MarketSession, SessionCancellation } from './session.js';
import { SessionsRepository } from './sessions.repository.js';

/** A rule as stored: upper case, without a leading "RRULE:". */
function normalRule(rrule: string): string {
  return rrule.toUpperCase().replace(/^RRULE:/, '');
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly cancellations: CancellationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
    private readonly claimHolds: ClaimHolds,
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
      rrule: normalRule(dto.rrule),
      validFrom: dto.validFrom,
      validUntil: dto.validUntil ?? null,
      version: 1,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.write(async (tx) => {
      await this.zones.get(zoneId, tx);
      await this.sessions.insert(tx, session);
      await this.audit.record(tx, actor, { action: 'session.created', entityType: 'session', entityId: session.id, after: session });
    });
    return session;
  }

  async list(zoneId: string, page: PageQuery): Promise<Page<MarketSession>> {
    await this.zones.get(zoneId);
    return this.sessions.pageOfZone(zoneId, page);
  }

  get(id: string): Promise<MarketSession> {
    return this.schedule.session(id);
  }

  async update(id: string, dto: UpdateSessionDto, actor: Actor): Promise<MarketSession> {
    return this.transactions.write(async (tx) => {
      // Locked first: claims being made on this session hold it shared (the one write rule).
      const before = await this.schedule.session(id, tx, 'update');
      const after: MarketSession = {
        ...before,
        name: dto.name ?? before.name,
        startTime: dto.startTime ?? before.startTime,
        endTime: dto.endTime ?? before.endTime,
        rrule: dto.rrule !== undefined ? normalRule(dto.rrule) : before.rrule,
        validFrom: dto.validFrom ?? before.validFrom,
        validUntil: dto.validUntil === undefined ? before.validUntil : dto.validUntil,
        updatedAt: this.clock.now(),
      };
      const timesChanged = after.startTime !== before.startTime || after.endTime !== before.endTime;
      const recurrenceChanged =
        after.rrule !== before.rrule || after.validFrom !== before.validFrom || after.validUntil !== before.validUntil;
      if (recurrenceChanged) assertValidRecurrence(after.rrule, after.validFrom, after.validUntil);
      if (timesChanged || recurrenceChanged) {
        await this.assertClaimsStay(tx, after, timesChanged);
        after.version = before.version + 1;
      }
      await this.sessions.update(tx, after);
      await this.audit.record(tx, actor, { action: 'session.updated', entityType: 'session', entityId: id, before, after });
      return after;
    });
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.transactions.write(async (tx) => {
      const session = await this.schedule.session(id, tx, 'update');
      const live = await this.claimHolds.liveDates(tx, id, this.clock.now());
      if (live.length > 0) {
        throw new DomainError(
          ErrorCode.SESSION_HAS_CLAIMS,
          `the session has active claims ahead (${live.slice(0, 5).join(', ')}); cancel its occurrences instead`,
        );
      }
      const after: MarketSession = { ...session, deletedAt: this.clock.now() };
      await this.sessions.update(tx, after);
      await this.audit.record(tx, actor, { action: 'session.deleted', entityType: 'session', entityId: id, before: session, after });
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
    return this.transactions.write(async (tx) => {
      const session = await this.schedule.session(id, tx, 'update');
      if (!isOccurrence(recurrenceOf(session), dto.date)) {
        throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} does not run on ${dto.date}`);
      }
      const existing = await this.cancellations.find(id, dto.date, tx);
      if (existing) return { sessionId: id, date: dto.date, reason: existing.reason, claimsCancelled: 0 };
      const cancellation: SessionCancellation = {
        sessionId: id,
        date: dto.date,
        reason: dto.reason,
        createdBy: actor.id,
        createdAt: this.clock.now(),
      };
      await this.cancellations.insert(tx, cancellation);
      await this.audit.record(tx, actor, {
        action: 'session.occurrence_cancelled',
        entityType: 'session',
        entityId: id,
        after: cancellation,
      });
      const claimsCancelled = await this.claimHolds.releaseOccurrence(tx, id, dto.date, actor);
      return { sessionId: id, date: dto.date, reason: dto.reason, claimsCancelled };
    });
  }

  /** Runs the occurrence again; claims cancelled by the market stay cancelled. */
  async restoreOccurrence(id: string, date: string, actor: Actor): Promise<void> {
    await this.transactions.write(async (tx) => {
      await this.schedule.session(id, tx, 'update');
      const existing = await this.cancellations.find(id, date, tx);
      if (!existing) throw notFound('cancellation', `${id}/${date}`);
      await this.cancellations.delete(tx, id, date);
      await this.audit.record(tx, actor, { action: 'session.occurrence_restored', entityType: 'session', entityId: id, before: existing });
    });
  }

  /** A change may not move or remove an occurrence that an active claim holds. */
  private async assertClaimsStay(tx: Tx, after: MarketSession, timesChanged: boolean): Promise<void> {
    const live = await this.claimHolds.liveDates(tx, after.id, this.clock.now());
    if (live.length === 0) return;
    if (timesChanged) {
      throw new DomainError(ErrorCode.SESSION_HAS_CLAIMS, `the times cannot change while ${live.length} dates hold active claims`);
    }
    const recurrence = recurrenceOf(after);
    const stranded = live.filter((date) => !isOccurrence(recurrence, date));
    if (stranded.length > 0) {
      throw new DomainError(
        ErrorCode.SESSION_HAS_CLAIMS,
        `the change would remove occurrences holding active claims: ${stranded.slice(0, 5).join(', ')}`,
      );
    }
  }
}

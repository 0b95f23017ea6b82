import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page, PageQuery } from '../common/pagination.js';
import { normalRule } from '../common/rule-field.js';
import { MIN_DATE } from '../common/validation.js';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { ZonesService } from '../zones/zones.service.js';
import type { Zone } from '../zones/zone.js';
import { CancellationsRepository } from './cancellations.repository.js';
import { CancellationResponse, CreateCancellationDto, CreateSessionDto, UpdateSessionDto } from './dto/session.dto.js';
import { firstUnstartedDate, runsOn } from './occurrences.js';
import { assertRuns, assertWellFormed } from './recurrence-validation.js';
import { ScheduleService } from './schedule.service.js';
import type { MarketSession, SessionCancellation } from './session.js';
import { SessionsRepository } from './sessions.repository.js';
import { TimingHistory } from './timing-history.js';

/**
 * Live sessions a zone may have: morning, noon and evening markets with weekday
 * and weekend variants fit twice over; the bound keeps a year's schedule of a
 * zone to at most 366 × 12 items (README, "Limits").
 */
export const MAX_LIVE_SESSIONS_PER_ZONE = 12;

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
    private readonly history: TimingHistory,
  ) {}

  async create(zoneId: string, dto: CreateSessionDto, actor: Actor): Promise<MarketSession> {
    assertWellFormed({ ...dto, validUntil: dto.validUntil ?? null });
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
      // Nothing has run yet: the timing rules every date (validFrom bounds it).
      effectiveFrom: MIN_DATE,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.write(async (tx) => {
      // The zone row orders concurrent creations, so the bound below holds.
      const zone = await this.zones.get(zoneId, tx, 'update');
      assertRuns(session, zone.timezone);
      if ((await this.sessions.countLiveOfZone(tx, zoneId)) >= MAX_LIVE_SESSIONS_PER_ZONE) {
        throw new DomainError(
          ErrorCode.ZONE_SESSION_LIMIT,
          `a zone runs at most ${MAX_LIVE_SESSIONS_PER_ZONE} sessions; delete one first`,
          {},
          {
            max: MAX_LIVE_SESSIONS_PER_ZONE,
          },
        );
      }
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

  /**
   * A new name applies everywhere. A new timing applies from the first date
   * whose run has not started: the runs before keep the timing they had (kept
   * as history), and a change that would move or remove a run holding an
   * active claim is refused.
   */
  async update(id: string, dto: UpdateSessionDto, actor: Actor): Promise<MarketSession> {
    return this.transactions.write(async (tx) => {
      // Locked first: claims being made on this session hold it shared (the one write rule).
      const before = await this.schedule.session(id, tx, 'update');
      const zone = await this.zones.get(before.zoneId, tx);
      const now = this.clock.now();
      const timing = {
        startTime: dto.startTime ?? before.startTime,
        endTime: dto.endTime ?? before.endTime,
        rrule: dto.rrule !== undefined ? normalRule(dto.rrule) : before.rrule,
        validFrom: dto.validFrom ?? before.validFrom,
        validUntil: dto.validUntil === undefined ? before.validUntil : dto.validUntil,
      };
      const timesChanged = timing.startTime !== before.startTime || timing.endTime !== before.endTime;
      const recurrenceChanged =
        timing.rrule !== before.rrule || timing.validFrom !== before.validFrom || timing.validUntil !== before.validUntil;
      const renamed = dto.name !== undefined && dto.name !== before.name;
      if (!timesChanged && !recurrenceChanged && !renamed) return before;
      let after: MarketSession = { ...before, name: dto.name ?? before.name, updatedAt: now };
      if (timesChanged || recurrenceChanged) {
        if (recurrenceChanged) {
          assertWellFormed(timing);
          assertRuns(timing, zone.timezone);
        }
        const from = firstUnstartedDate(before, zone.timezone, now);
        await this.assertClaimsStay(tx, { ...after, ...timing }, zone.timezone, from, timesChanged);
        after = { ...(await this.history.endBefore(tx, before, zone.timezone, from)), ...timing, name: after.name, updatedAt: now };
      }
      await this.sessions.update(tx, after);
      await this.audit.record(tx, actor, { action: 'session.updated', entityType: 'session', entityId: id, before, after });
      return after;
    });
  }

  /** Deleting ends the session from the first date that has not started; its past runs stay. */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.transactions.write(async (tx) => {
      const session = await this.schedule.session(id, tx, 'update');
      const zone = await this.zones.get(session.zoneId, tx);
      const now = this.clock.now();
      const live = await this.claimHolds.liveDates(tx, id, now);
      if (live.length > 0) {
        throw new DomainError(
          ErrorCode.SESSION_HAS_CLAIMS,
          `the session has active claims ahead (${live.slice(0, 5).join(', ')}); cancel its occurrences instead`,
          {},
          { dates: live.slice(0, 5).join('、') },
        );
      }
      const ended = await this.history.endBefore(tx, session, zone.timezone, firstUnstartedDate(session, zone.timezone, now));
      const after: MarketSession = { ...ended, deletedAt: now, updatedAt: now };
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
      // Locked first: claims being made on this occurrence have committed (and are cancelled below) or will see it cancelled.
      const session = await this.schedule.session(id, tx, 'update');
      const zone = await this.zones.get(session.zoneId, tx);
      await this.assertNotStarted(tx, session, zone, dto.date);
      const existing = await this.cancellations.find(id, dto.date, tx);
      if (existing) return { sessionId: id, date: dto.date, reason: existing.reason, claimsCancelled: 0 };
      const cancellation: SessionCancellation = {
        sessionId: id,
        date: dto.date,
        reason: dto.reason,
        createdBy: actor.id,
        createdAt: this.clock.now(),
        closureId: null,
      };
      await this.cancellations.insert(tx, cancellation);
      await this.audit.record(tx, actor, {
        action: 'session.occurrence_cancelled',
        entityType: 'session',
        entityId: id,
        after: cancellation,
      });
      const claimsCancelled = await this.claimHolds.releaseOccurrence(tx, id, dto.date, dto.reason, actor);
      return { sessionId: id, date: dto.date, reason: dto.reason, claimsCancelled };
    });
  }

  /** Runs the occurrence again; claims cancelled by the market stay cancelled. A day that has begun stays as it was. */
  async restoreOccurrence(id: string, date: string, actor: Actor): Promise<void> {
    await this.transactions.write(async (tx) => {
      const session = await this.schedule.session(id, tx, 'update');
      const existing = await this.cancellations.find(id, date, tx);
      if (!existing) throw notFound('cancellation', `${id}/${date}`);
      await this.assertNotStarted(tx, session, await this.zones.get(session.zoneId, tx), date);
      await this.cancellations.delete(tx, id, date);
      await this.audit.record(tx, actor, { action: 'session.occurrence_restored', entityType: 'session', entityId: id, before: existing });
    });
  }

  /** The date must be a run of the session, and that run must not have begun: past days stay as they happened. */
  private async assertNotStarted(tx: Tx, session: MarketSession, zone: Zone, date: string): Promise<void> {
    const occurrence = await this.schedule.occurrence(tx, session, zone, date);
    if (!occurrence) throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} does not run on ${date}`, {}, { date });
    if (occurrence.start <= this.clock.now()) {
      throw new DomainError(ErrorCode.OCCURRENCE_STARTED, `session ${session.name} on ${date} has already begun (${occurrence.startIso})`);
    }
  }

  /** A new timing from `from` on may not move or remove a run that an active claim holds. */
  private async assertClaimsStay(tx: Tx, after: MarketSession, timezone: string, from: string, timesChanged: boolean): Promise<void> {
    const live = (await this.claimHolds.liveDates(tx, after.id, this.clock.now())).filter((date) => date >= from);
    if (live.length === 0) return;
    if (timesChanged) {
      throw new DomainError(ErrorCode.SESSION_HAS_CLAIMS, `the times cannot change while ${live.length} dates hold active claims`);
    }
    const stranded = live.filter((date) => !runsOn(after, timezone, date));
    if (stranded.length > 0) {
      throw new DomainError(
        ErrorCode.SESSION_HAS_CLAIMS,
        `the change would remove occurrences holding active claims: ${stranded.slice(0, 5).join(', ')}`,
        {},
        { dates: stranded.slice(0, 5).join('、') },
      );
    }
  }
}

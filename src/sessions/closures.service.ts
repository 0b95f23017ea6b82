import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import { newId } from '../database/ids.js';
import { Transactions } from '../database/transactions.js';
import { ZonesService } from '../zones/zones.service.js';
import { CancellationsRepository } from './cancellations.repository.js';
import type { Closure } from './closure.js';
import { ClosuresRepository } from './closures.repository.js';
import { ScheduleService } from './schedule.service.js';
import { SessionsRepository } from './sessions.repository.js';

export interface ClosureRequest {
  date: string;
  reason: string;
  district?: string;
  zoneIds?: string[];
  sessionNames?: string[];
}

/** A new closure, and the matching occurrences it left alone. */
export interface ClosureOutcome {
  closure: Closure;
  /** Occurrences that had already begun: past days stay as they happened. */
  startedLeftAlone: number;
  /** Occurrences already cancelled on their own (they stay so, and a restore of this closure leaves them). */
  alreadyCancelled: number;
}

export interface RestoreOutcome {
  id: string;
  occurrencesRestored: number;
  /** Occurrences of the closure that had begun by the restore: they stay cancelled, as they happened. */
  occurrencesKept: number;
}

/**
 * Area closures: every matching occurrence of a date cancelled in one
 * transaction, as the per-session cancellation does it (the claims on it
 * cancelled by the market, their vendors told, cause `closure`).
 */
@Injectable()
export class ClosuresService {
  constructor(
    private readonly closures: ClosuresRepository,
    private readonly cancellations: CancellationsRepository,
    private readonly sessions: SessionsRepository,
    private readonly schedule: ScheduleService,
    private readonly zones: ZonesService,
    private readonly claimHolds: ClaimHolds,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  create(request: ClosureRequest, actor: Actor): Promise<ClosureOutcome> {
    return this.transactions.write(async (tx) => {
      const now = this.clock.now();
      const id = newId();
      // The one write rule: the zones shared (in id order), then each zone's sessions exclusively, then
      // the claims. A claim in flight on a closed run has committed (and is cancelled below) or sees it cancelled.
      const zones = await this.zones.lockArea(tx, request);
      // A district no zone is in is most likely a typo: closing nothing in silence would leave the markets open in the rain.
      if (zones.length === 0) throw notFound('zone', request.district === undefined ? 'any' : `in district ${request.district}`);
      const names = request.sessionNames ? new Set(request.sessionNames) : null;
      let occurrences = 0;
      let claimsCancelled = 0;
      let startedLeftAlone = 0;
      let alreadyCancelled = 0;
      for (const zone of zones) {
        const sessions = await this.sessions.liveOfZone(zone.id, tx, 'update');
        for (const session of sessions) {
          if (names && !names.has(session.name)) continue;
          const occurrence = await this.schedule.occurrence(tx, session, zone, request.date);
          if (!occurrence) continue; // no run that day: skipped, not refused
          if (occurrence.start <= now) {
            startedLeftAlone += 1;
            continue;
          }
          if (occurrence.cancelled) {
            alreadyCancelled += 1;
            continue;
          }
          await this.cancellations.insert(tx, {
            sessionId: session.id,
            date: request.date,
            reason: request.reason,
            createdBy: actor.id,
            createdAt: now,
            closureId: id,
          });
          occurrences += 1;
          claimsCancelled += await this.claimHolds.releaseOccurrence(tx, session.id, request.date, request.reason, actor, 'closure');
        }
      }
      if (occurrences === 0 && alreadyCancelled === 0 && startedLeftAlone > 0) {
        throw new DomainError(
          ErrorCode.OCCURRENCE_STARTED,
          `every matching occurrence on ${request.date} has already begun: past days stay as they happened`,
        );
      }
      const closure: Closure = {
        id,
        date: request.date,
        reason: request.reason,
        district: request.district ?? null,
        zoneIds: request.zoneIds ? [...new Set(request.zoneIds)] : null,
        sessionNames: request.sessionNames ? [...new Set(request.sessionNames)] : null,
        occurrences,
        claimsCancelled,
        createdBy: actor.id,
        createdAt: now,
        restoredAt: null,
      };
      await this.closures.insert(tx, closure);
      await this.audit.record(tx, actor, { action: 'closure.created', entityType: 'closure', entityId: id, after: closure });
      return { closure, startedLeftAlone, alreadyCancelled };
    });
  }

  list(range: { from: string; to: string; limit: number; offset: number }): Promise<Page<Closure>> {
    return this.closures.list(range);
  }

  async get(id: string): Promise<Closure> {
    const closure = await this.closures.find(id);
    if (!closure) throw notFound('closure', id);
    return closure;
  }

  /**
   * Runs the closure's occurrences again, those that have not begun; claims
   * cancelled by it stay cancelled. Occurrences cancelled on their own are not
   * the closure's and stay cancelled.
   */
  restore(id: string, actor: Actor): Promise<RestoreOutcome> {
    return this.transactions.write(async (tx) => {
      const before = await this.closures.find(id, tx, 'update');
      if (!before) throw notFound('closure', id);
      if (before.restoredAt !== null) throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this closure has already been restored');
      const now = this.clock.now();
      let occurrencesRestored = 0;
      let occurrencesKept = 0;
      for (const cancellation of await this.cancellations.ofClosure(tx, id)) {
        // Locked first, as the per-session restore does (the one write rule).
        const session = await this.sessions.findLive(cancellation.sessionId, tx, 'update');
        const zone = session && (await this.zones.get(session.zoneId, tx));
        const occurrence = session && zone ? await this.schedule.occurrence(tx, session, zone, cancellation.date) : null;
        if (!occurrence || occurrence.start <= now) {
          occurrencesKept += 1;
          continue;
        }
        await this.cancellations.delete(tx, cancellation.sessionId, cancellation.date);
        occurrencesRestored += 1;
      }
      await this.closures.markRestored(tx, id, now);
      await this.audit.record(tx, actor, {
        action: 'closure.restored',
        entityType: 'closure',
        entityId: id,
        before,
        after: { ...before, restoredAt: now, occurrencesRestored, occurrencesKept },
      });
      return { id, occurrencesRestored, occurrencesKept };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../common/actor.js';
import { ClaimReleases } from '../common/claim-releases.js';
import { Clock } from '../common/clock.js';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import type { Tx } from '../database/transactions.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { ACTIVE_STATUSES, Claim } from './claim.js';
import { ClaimsRepository } from './claims.repository.js';

/** The claims side of staff actions (see the ClaimHolds port): the one "cancel by the market". */
@Injectable()
export class ClaimHoldsService extends ClaimHolds {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly releases: ClaimReleases,
  ) {
    super();
  }

  async releaseOccurrence(tx: Tx, sessionId: string, date: string, actor: AuditActor): Promise<number> {
    const session = await this.schedule.session(sessionId, tx);
    const held = await this.claims.activeOnOccurrence(tx, session.zoneId, sessionId, date);
    return this.cancelByMarket(tx, held, actor);
  }

  async releaseVendor(tx: Tx, vendorId: string, from: number, until: number | null, actor: AuditActor): Promise<number> {
    const held = await this.claims.activeOfVendorStarting(tx, vendorId, from, until);
    return this.cancelByMarket(tx, held, actor);
  }

  async liveDates(tx: Tx, sessionId: string, now: number): Promise<string[]> {
    const session = await this.schedule.session(sessionId, tx);
    return this.claims.liveDatesOfSession(tx, session.zoneId, sessionId, now);
  }

  countLiveInZone(tx: Tx, zoneId: string, now: number): Promise<number> {
    return this.claims.countLiveInZone(tx, zoneId, now);
  }

  /** Active claims (read locked) become cancelled_by_market, each with its audit entry. */
  private async cancelByMarket(tx: Tx, held: Claim[], actor: AuditActor): Promise<number> {
    if (held.length === 0) return 0;
    const now = this.clock.now();
    await this.claims.setStatus(tx, held, ACTIVE_STATUSES, 'cancelled_by_market', now);
    await this.releases.released(tx, held);
    await this.audit.record(
      tx,
      actor,
      held.map((claim) => ({
        action: 'claim.cancelled_by_market',
        entityType: 'claim',
        entityId: claim.id,
        before: claim,
        after: { ...claim, status: 'cancelled_by_market', cancelledAt: now, updatedAt: now },
      })),
    );
    return held.length;
  }
}

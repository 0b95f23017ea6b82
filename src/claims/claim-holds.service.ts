import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../common/actor.js';
import { ClaimEvents } from '../common/claim-events.js';
import { Clock } from '../common/clock.js';
import { ClaimHolds, OccurrenceReleaseCause } from '../common/ports/claim-holds.js';
import { Notifier } from '../common/ports/notifier.js';
import type { Tx } from '../database/transactions.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { ACTIVE_STATUSES, Claim } from './claim.js';
import { ClaimsRepository } from './claims.repository.js';

type Cause = OccurrenceReleaseCause | 'vendor_suspended';

/** The claims side of staff actions (see the ClaimHolds port): the one "cancel by the market". */
@Injectable()
export class ClaimHoldsService extends ClaimHolds implements OnModuleInit {
  private zones!: ZonesService;
  private stalls!: StallsService;

  constructor(
    private readonly claims: ClaimsRepository,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly claimEvents: ClaimEvents,
    private readonly notifier: Notifier,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  /** Looked up once all exist: zones and stalls ask ClaimHolds themselves, so a constructor injection would be a cycle. */
  onModuleInit(): void {
    this.zones = this.moduleRef.get(ZonesService, { strict: false });
    this.stalls = this.moduleRef.get(StallsService, { strict: false });
  }

  async releaseOccurrence(
    tx: Tx,
    sessionId: string,
    date: string,
    reason: string,
    actor: AuditActor,
    cause: OccurrenceReleaseCause = 'occurrence_cancelled',
  ): Promise<number> {
    const session = await this.schedule.session(sessionId, tx);
    const held = await this.claims.activeOnOccurrence(tx, session.zoneId, sessionId, date);
    return this.cancelByMarket(tx, held, cause, reason, actor);
  }

  async releaseVendor(tx: Tx, vendorId: string, from: number, until: number | null, reason: string, actor: AuditActor): Promise<number> {
    const held = await this.claims.activeOfVendorStarting(tx, vendorId, from, until);
    return this.cancelByMarket(tx, held, 'vendor_suspended', reason, actor);
  }

  async liveDates(tx: Tx, sessionId: string, now: number): Promise<string[]> {
    const session = await this.schedule.session(sessionId, tx);
    return this.claims.liveDatesOfSession(tx, session.zoneId, sessionId, now);
  }

  countLiveInZone(tx: Tx, zoneId: string, now: number): Promise<number> {
    return this.claims.countLiveInZone(tx, zoneId, now);
  }

  /** Active claims (read locked) become cancelled_by_market, each with its audit entry and a message to its vendor. */
  private async cancelByMarket(tx: Tx, held: Claim[], cause: Cause, reason: string, actor: AuditActor): Promise<number> {
    if (held.length === 0) return 0;
    const now = this.clock.now();
    await this.claims.setStatus(tx, held, ACTIVE_STATUSES, 'cancelled_by_market', now);
    await this.tellVendors(tx, held, cause, reason);
    await this.claimEvents.released(tx, held);
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

  /** The names the messages show, one batch read each (a closure may take claims in hundreds of zones). */
  private async tellVendors(tx: Tx, held: Claim[], cause: Cause, reason: string): Promise<void> {
    const [zones, sessionNames, codes] = await Promise.all([
      this.zones.labels(held.map((claim) => claim.zoneId)),
      this.schedule.sessionNames(held.map((claim) => claim.sessionId)),
      this.stalls.codes(held.map((claim) => claim.stallId)),
    ]);
    await this.notifier.notify(
      tx,
      held.map((claim) => ({
        vendorId: claim.vendorId,
        event: 'claim.cancelled_by_market' as const,
        data: {
          claimId: claim.id,
          zoneName: zones.get(claim.zoneId)!.name,
          sessionName: sessionNames.get(claim.sessionId)!,
          date: claim.date,
          stallCode: codes.get(claim.stallId) ?? claim.stallId,
          cause,
          reason,
        },
      })),
    );
  }
}

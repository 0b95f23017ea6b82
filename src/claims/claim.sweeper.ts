import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../common/actor.js';
import { ClaimEvents } from '../common/claim-events.js';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { IDEMPOTENCY_KEY_TTL_MS, SETTLE_AFTER_MS } from './claim-rules.js';
import { ClaimsRepository } from './claims.repository.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const BATCH = 500;
/** Settling writes one small column per row and no audit entry, so it goes in bigger steps. */
const SETTLE_BATCH = 5_000;

/**
 * Housekeeping of ended claims, every minute:
 * - records no-shows: confirmed claims whose occurrence has ended become
 *   `no_show`, with an audit entry. Reads never wait for this: a confirmed
 *   claim past its end already reads as no_show (claim-rules.effectiveClaimStatus);
 * - settles claims that ended more than SETTLE_AFTER_MS ago (see ClaimEntity.settled);
 * - forgets Idempotency-Key answers older than IDEMPOTENCY_KEY_TTL_MS.
 * Each step is one short write transaction, so claims never wait long behind it.
 */
@Injectable()
export class ClaimSweeper {
  private readonly logger = new Logger('ClaimSweeper');

  constructor(
    private readonly claims: ClaimsRepository,
    private readonly answers: IdempotencyRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly claimEvents: ClaimEvents,
  ) {}

  @Interval(60_000)
  async tick(): Promise<void> {
    try {
      await this.sweep();
      // A full step means a backlog (after downtime): settle on, one step per write transaction.
      let settled: number;
      do settled = await this.settle();
      while (settled === SETTLE_BATCH);
      let purged: number;
      do purged = await this.purgeIdempotencyKeys();
      while (purged === SETTLE_BATCH);
    } catch (error) {
      this.logger.warn(`claim sweep failed, will retry: ${(error as Error).message}`);
    }
  }

  /** Settles one step of claims that ended more than SETTLE_AFTER_MS ago; returns how many. */
  settle(): Promise<number> {
    return this.transactions.write((tx) => this.claims.settle(tx, this.clock.now() - SETTLE_AFTER_MS, SETTLE_BATCH));
  }

  /** Forgets one step of expired Idempotency-Key answers; returns how many. */
  purgeIdempotencyKeys(): Promise<number> {
    return this.transactions.write((tx) => this.answers.purgeBefore(tx, this.clock.now() - IDEMPOTENCY_KEY_TTL_MS, SETTLE_BATCH));
  }

  /**
   * Marks one batch (of one vendor's, when given: reads of a vendor's record
   * apply it first, so a stopped sweeper never shows a missing no-show);
   * returns how many claims became no-shows.
   */
  sweep(vendorId?: string): Promise<number> {
    return this.transactions.write(async (tx) => {
      const now = this.clock.now();
      const due = await this.claims.dueNoShows(tx, now, BATCH, vendorId);
      if (due.length === 0) return 0;
      await this.claims.setStatus(tx, due, ['confirmed'], 'no_show', now);
      await this.claimEvents.noShow(tx, due);
      await this.audit.record(
        tx,
        SYSTEM_ACTOR,
        due.map((claim) => ({
          action: 'claim.no_show',
          entityType: 'claim',
          entityId: claim.id,
          before: claim,
          after: { ...claim, status: 'no_show', updatedAt: now },
        })),
      );
      return due.length;
    });
  }
}

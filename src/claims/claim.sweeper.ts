import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { In } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Database } from '../database/database.service.js';
import { Claim } from './claim.entity.js';
import { SETTLE_AFTER_MS } from './claim-rules.js';

const BATCH = 500;
/** Settling writes one small column per row and no audit entry, so it goes in bigger steps. */
const SETTLE_BATCH = 5_000;

/**
 * Housekeeping of ended claims, every minute:
 * - records no-shows: confirmed claims whose occurrence has ended become
 *   `no_show`, with an audit entry. Reads never wait for this: a confirmed
 *   claim past its end already reads as no_show (claim-rules.effectiveClaimStatus);
 * - settles claims that ended more than SETTLE_AFTER_MS ago (see Claim.settled).
 * Each step is one short write transaction, so claims never wait long behind it.
 */
@Injectable()
export class ClaimSweeper {
  private readonly logger = new Logger('ClaimSweeper');

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  @Interval(60_000)
  async tick(): Promise<void> {
    try {
      await this.sweep();
      // A full step means a backlog (after downtime): settle on, one step per write transaction.
      let settled: number;
      do settled = await this.settle();
      while (settled === SETTLE_BATCH);
    } catch (error) {
      this.logger.warn(`claim sweep failed, will retry: ${(error as Error).message}`);
    }
  }

  /** Settles one step of claims that ended more than SETTLE_AFTER_MS ago; returns how many. */
  settle(): Promise<number> {
    return this.db.write(async (em) => {
      const cutoff = this.clock.now() - SETTLE_AFTER_MS;
      // PostgreSQL: instances sweeping at once take different rows.
      const skipLocked = this.db.kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      // Through ix_claims_unsettled_end, which holds only the claims not settled yet.
      return this.db.sql(em).run(
        `UPDATE claims SET settled = TRUE WHERE id IN (
           SELECT id FROM claims WHERE NOT settled AND end_at <= ? ORDER BY end_at LIMIT ${SETTLE_BATCH}${skipLocked})`,
        [cutoff],
      );
    });
  }

  /** Marks one batch; returns how many claims became no-shows. */
  sweep(): Promise<number> {
    return this.db.write(async (em) => {
      const now = this.clock.now();
      const query = em
        .createQueryBuilder(Claim, 'c')
        .where(`c.status = 'confirmed' AND c.endAt <= :now`, { now })
        .orderBy('c.endAt', 'ASC')
        .limit(BATCH);
      // Several instances may sweep at once on PostgreSQL: each takes rows the others have not locked.
      if (this.db.kind === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const due = await query.getMany();
      if (due.length === 0) return 0;
      await em.update(Claim, { id: In(due.map((c) => c.id)), status: 'confirmed' }, { status: 'no_show', updatedAt: now });
      await this.audit.record(em, SYSTEM_ACTOR, due.map((claim) => ({
        action: 'claim.no_show',
        entityType: 'claim',
        entityId: claim.id,
        before: claim,
        after: { ...claim, status: 'no_show', updatedAt: now },
      })));
      return due.length;
    });
  }
}

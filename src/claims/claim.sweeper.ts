import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { In } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Database } from '../database/database.service.js';
import { Claim } from './claim.entity.js';

const BATCH = 500;

/**
 * Records no-shows: confirmed claims whose occurrence has ended become
 * `no_show`, with an audit entry. Reads never wait for this: a confirmed claim
 * past its end already reads as no_show (claim-rules.effectiveClaimStatus).
 */
@Injectable()
export class NoShowSweeper {
  private readonly logger = new Logger('NoShowSweeper');

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  @Interval(60_000)
  async tick(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn(`no-show sweep failed, will retry: ${(error as Error).message}`);
    }
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

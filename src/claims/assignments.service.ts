import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { Transactions } from '../database/transactions.js';
import { toClaimResponse } from './claim.mapper.js';
import { ClaimsService } from './claims.service.js';
import { AssignmentResponse, CreateAssignmentDto } from './dto/claim.dto.js';

/**
 * A standing place ("fixed point"): the vendor gets the stall on every
 * occurrence of the session in the range that the claim rules allow (the
 * booking horizon aside); the others are listed with the reason.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
  ) {}

  async assign(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentResponse> {
    const { from, to } = resolveRange({ from: dto.from, to: dto.to }, dto.from, 1);
    return this.transactions.write(async (tx) => {
      const now = this.clock.now();
      const { target, created, conflicts } = await this.claims.placeStanding(tx, { ...dto, from, to }, 'assignment', now);
      await this.audit.record(
        tx,
        actor,
        created.map((claim) => ({ action: 'claim.assigned', entityType: 'claim', entityId: claim.id, after: claim })),
      );
      return {
        created: created.map((claim) => toClaimResponse(claim, target.stall.code, target.zone.timezone, now)),
        conflicts,
      };
    });
  }
}

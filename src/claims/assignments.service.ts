import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Transactions } from '../database/transactions.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import type { Claim } from './claim.js';
import { ASSIGNMENT_HORIZON_DAYS } from './claim-rules.js';
import { ClaimPolicy } from './claim-policy.service.js';
import { toClaimResponse } from './claim.mapper.js';
import { ClaimsService } from './claims.service.js';
import { AssignmentConflict, AssignmentResponse, CreateAssignmentDto } from './dto/claim.dto.js';

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
    private readonly policy: ClaimPolicy,
    private readonly claims: ClaimsService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
  ) {}

  async assign(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentResponse> {
    const { from, to } = resolveRange({ from: dto.from, to: dto.to }, dto.from, 1);
    return this.transactions.write(async (tx) => {
      const now = this.clock.now();
      // The claim path's reads and locks: the same rule serializes a standing place against claims and staff.
      const { vendor, stall, session, zone } = await this.claims.loadTarget(tx, dto.vendorId, { ...dto, date: from }, () =>
        notFound('vendor', dto.vendorId),
      );
      if (session.zoneId !== stall.zoneId) {
        throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} does not run in the stall's zone`);
      }
      const created: Claim[] = [];
      const conflicts: AssignmentConflict[] = [];
      for (const date of this.schedule.currentRunDates(session, zone, from, to)) {
        const target = { vendor, stall, session, zone, date };
        const decision = await this.policy.evaluate(tx, target, { now, horizonDays: ASSIGNMENT_HORIZON_DAYS });
        if (!decision.ok) {
          conflicts.push({ date, code: decision.code, message: decision.message });
          continue;
        }
        try {
          created.push(
            await this.transactions.savepoint(tx, () => this.claims.insertClaim(tx, target, decision.occurrence, 'assignment', now)),
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          conflicts.push({ date, code: error.code, message: error.message });
        }
      }
      await this.audit.record(
        tx,
        actor,
        created.map((claim) => ({
          action: 'claim.assigned',
          entityType: 'claim',
          entityId: claim.id,
          after: claim,
        })),
      );
      return {
        created: created.map((claim) => toClaimResponse(claim, stall.code, zone.timezone, now)),
        conflicts,
      };
    });
  }
}

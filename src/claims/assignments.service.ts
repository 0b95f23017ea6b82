import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Database } from '../database/database.service.js';
import { occurrenceDates } from '../recurrence/expand.js';
import { recurrenceOf } from '../sessions/occurrences.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { ASSIGNMENT_HORIZON_DAYS } from './claim-rules.js';
import { ClaimPolicy } from './claim-policy.service.js';
import { Claim } from './claim.entity.js';
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
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly policy: ClaimPolicy,
    private readonly claims: ClaimsService,
    private readonly vendors: VendorsService,
    private readonly stalls: StallsService,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
  ) {}

  async assign(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentResponse> {
    const { from, to } = resolveRange({ from: dto.from, to: dto.to }, dto.from, 1);
    return this.db.write(async (em) => {
      const now = this.clock.now();
      const vendor = await this.vendors.get(dto.vendorId, em);
      const stall = await this.stalls.get(dto.stallId, em);
      const session = await this.schedule.session(dto.sessionId, em);
      const zone = await this.zones.get(stall.zoneId, em);
      if (session.zoneId !== stall.zoneId) {
        throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} does not run in the stall's zone`);
      }
      const created: Claim[] = [];
      const conflicts: AssignmentConflict[] = [];
      for (const date of occurrenceDates(recurrenceOf(session), from, to)) {
        const target = { vendor, stall, session, zone, date };
        const decision = await this.policy.evaluate(em, target, { now, horizonDays: ASSIGNMENT_HORIZON_DAYS });
        if (!decision.ok) {
          conflicts.push({ date, code: decision.code, message: decision.message });
          continue;
        }
        try {
          created.push(await this.db.savepoint(em, () => this.claims.insertClaim(em, target, decision.occurrence, 'assignment', now)));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          conflicts.push({ date, code: error.code, message: error.message });
        }
      }
      await this.audit.record(em, actor, created.map((claim) => ({
        action: 'claim.assigned',
        entityType: 'claim',
        entityId: claim.id,
        after: claim,
      })));
      return {
        created: created.map((claim) => toClaimResponse(claim, stall.code, zone.timezone, now)),
        conflicts,
      };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { normalRule } from '../common/rule-field.js';
import { newId } from '../database/ids.js';
import { Transactions } from '../database/transactions.js';
import { localDate } from '../recurrence/local-time.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { DutiesRepository } from './duties.repository.js';
import { DUTY_HORIZON_YEARS, firstDutyDate } from './duty-dates.js';
import { CreateDutyDto } from './dto/roster.dto.js';
import type { Duty } from './roster.js';

/** Duties a zone's vendors take turns at (staff define them). */
@Injectable()
export class DutiesService {
  constructor(
    private readonly duties: DutiesRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A duty on the runs of one session of the zone that its rule also matches,
   * counted from the session's validFrom (so "every other week" keeps the
   * session's phase). A session of another zone, or a rule that never meets
   * one of the session's future runs, is 422 NOT_AN_OCCURRENCE.
   */
  async create(zoneId: string, dto: CreateDutyDto, actor: Actor): Promise<Duty> {
    return this.transactions.write(async (tx) => {
      const zone = await this.zones.get(zoneId, tx, 'share');
      const session = await this.schedule.session(dto.sessionId, tx, 'share');
      if (session.zoneId !== zone.id) {
        throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} runs in another zone`, {}, { reason: 'other_zone' });
      }
      const duty: Duty = {
        id: newId(),
        zoneId,
        sessionId: session.id,
        name: dto.name,
        rrule: normalRule(dto.rrule),
        headcount: dto.headcount,
        anchorDate: session.validFrom,
        createdBy: actor.id,
        createdAt: this.clock.now(),
      };
      if (firstDutyDate(duty, session, zone.timezone, localDate(duty.createdAt, zone.timezone)) === null) {
        throw new DomainError(
          ErrorCode.NOT_AN_OCCURRENCE,
          `rrule ${duty.rrule} meets no run of session ${session.name} in the next ${DUTY_HORIZON_YEARS} years`,
          {},
          { reason: 'duty' },
        );
      }
      await this.duties.insert(tx, duty);
      await this.audit.record(tx, actor, { action: 'duty.created', entityType: 'duty', entityId: duty.id, after: duty });
      return duty;
    });
  }

  async ofZone(zoneId: string): Promise<Duty[]> {
    await this.zones.get(zoneId);
    return this.duties.ofZone(zoneId);
  }
}

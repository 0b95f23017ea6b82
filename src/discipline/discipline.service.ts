import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service.js';
import type { Actor, AuditActor } from '../common/actor.js';
import { SYSTEM_ACTOR } from '../common/actor.js';
import { ClaimEvents, ClaimFact } from '../common/claim-events.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { parseInstant } from '../common/fields.js';
import { Page, PageQuery } from '../common/pagination.js';
import { Notifier } from '../common/ports/notifier.js';
import { ClaimsService } from '../claims/claims.service.js';
import type { AppConfig } from '../config/app-config.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { DAY_MS } from '../recurrence/calendar.js';
import { formatInstant } from '../recurrence/local-time.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { RecordViolationDto } from './dto/violation.dto.js';
import { APPEAL_WINDOW_MS, Ladder, suspensionDaysFor, windowStart } from './ladder.js';
import type { AutomaticViolationType, Violation, ViolationStatus } from './violation.js';
import { ViolationsRepository } from './violations.repository.js';

/** What a violation is recorded from; the service fills in the rest (id, rank, suspension, appeal, who and when). */
type NewViolation = Pick<Violation, 'vendorId' | 'zoneId' | 'type' | 'occurredAt' | 'sourceId' | 'note'>;

/** What an automatic violation is recorded from: its claim or roster entry is its source. */
export interface AutomaticViolation extends NewViolation {
  type: AutomaticViolationType;
  sourceId: string;
}

/**
 * Discipline (纪律): violations recorded by staff or by the service (a
 * no-show, a missed duty), escalated along the configured ladder — counting
 * the vendor's violations still upheld in the window, the new one included —
 * into warnings and suspensions (which cancel the vendor's claims in the
 * period and offer them on); appeals within 7 days; an overturned violation
 * no longer counts and lifts the suspensions it was counted in.
 */
@Injectable()
export class DisciplineService implements OnModuleInit {
  private readonly ladder: Ladder;

  constructor(
    private readonly violations: ViolationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly vendors: VendorsService,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
    private readonly notifier: Notifier,
    private readonly claimEvents: ClaimEvents,
    config: ConfigService,
  ) {
    this.ladder = config.getOrThrow<AppConfig['discipline']>('discipline');
  }

  onModuleInit(): void {
    this.claimEvents.onNoShow((tx, claims) => this.recordNoShows(tx, claims));
  }

  /** Staff record a violation they saw. Locks in the write rule's order: the zone shared, the vendor for update. */
  async record(vendorId: string, dto: RecordViolationDto, actor: Actor): Promise<Violation> {
    const occurredAt = parseInstant(dto.occurredAt)!;
    if (occurredAt > this.clock.now()) throw validationFailed('occurredAt must not be in the future', 'occurredAt');
    return this.transactions.write(async (tx) => {
      await this.zones.get(dto.zoneId, tx, 'share');
      await this.vendors.get(vendorId, tx, 'update');
      return this.add(tx, { vendorId, zoneId: dto.zoneId, type: dto.type, occurredAt, sourceId: null, note: dto.note ?? '' }, actor);
    });
  }

  /**
   * A violation the service records by itself, inside the caller's write
   * (once per claim or roster entry: uq_violations_source). The caller has
   * locked the vendor, or (the no-show sweep) holds only past claims, which
   * nothing that locks the vendor first waits for.
   */
  async recordAutomatic(tx: Tx, violation: AutomaticViolation, actor: AuditActor = SYSTEM_ACTOR): Promise<Violation | null> {
    if (await this.violations.recordedFor(tx, violation.type, violation.sourceId)) return null;
    await this.vendors.get(violation.vendorId, tx, 'update');
    return this.add(tx, violation, actor);
  }

  /** The vendor's record, newest first; its no-shows due now are recorded first, so a stopped sweeper never hides one. */
  async ofVendor(vendorId: string, page: PageQuery): Promise<Page<Violation>> {
    await this.vendors.get(vendorId);
    await this.claims.recordNoShowsOf(vendorId);
    return this.violations.pageOfVendor(vendorId, page);
  }

  /** Every vendor's violations, optionally of one status (the appeals waiting for a decision: `appealed`), newest first. */
  list(filter: { status?: ViolationStatus }, page: PageQuery): Promise<Page<Violation>> {
    return this.violations.page(filter, page);
  }

  /** The vendor appeals its own violation within 7 days of its recording, once. */
  async appeal(id: string, text: string, actor: Actor): Promise<Violation> {
    return this.transactions.write(async (tx) => {
      const before = await this.violations.find(id, tx, 'update');
      // Another vendor's violation is "not found", as another vendor's claim is.
      if (!before || before.vendorId !== actor.id) throw notFound('violation', id);
      if (before.status !== 'upheld' || before.appealedAt !== null) {
        throw new DomainError(
          ErrorCode.INVALID_STATE_TRANSITION,
          `this violation is ${before.status}${before.appealedAt !== null ? ' and was appealed already' : ''}`,
        );
      }
      const now = this.clock.now();
      if (now > before.createdAt + APPEAL_WINDOW_MS) {
        throw new DomainError(ErrorCode.APPEAL_WINDOW_CLOSED, 'an appeal is heard within 7 days of the violation being recorded');
      }
      const after: Violation = { ...before, status: 'appealed', appealText: text, appealedAt: now };
      if (!(await this.violations.update(tx, before, after)))
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this violation changed meanwhile');
      await this.audit.record(tx, actor, { action: 'violation.appealed', entityType: 'violation', entityId: id, before, after });
      return after;
    });
  }

  /**
   * Staff decide an appeal. Overturned, the violation no longer counts, and
   * every suspension it was counted in (its own, or a later one's whose
   * window held it) is lifted; nothing lower is imposed in its place.
   */
  async resolve(id: string, upheld: boolean, note: string, actor: Actor): Promise<Violation> {
    return this.transactions.write(async (tx) => {
      const unlocked = await this.violations.find(id, tx);
      if (!unlocked) throw notFound('violation', id);
      await this.vendors.get(unlocked.vendorId, tx, 'update');
      const before = (await this.violations.find(id, tx, 'update'))!;
      if (before.status !== 'appealed') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `only an appealed violation is resolved; this one is ${before.status}`);
      }
      const now = this.clock.now();
      const after: Violation = {
        ...before,
        status: upheld ? 'upheld' : 'overturned',
        resolutionNote: note,
        resolvedBy: actor.id,
        resolvedAt: now,
      };
      if (!(await this.violations.update(tx, before, after)))
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this violation changed meanwhile');
      await this.audit.record(tx, actor, {
        action: upheld ? 'violation.upheld' : 'violation.overturned',
        entityType: 'violation',
        entityId: id,
        before,
        after,
      });
      if (!upheld) await this.liftSuspensionsCounting(tx, after, actor);
      return after;
    });
  }

  private async add(tx: Tx, input: NewViolation, actor: AuditActor): Promise<Violation> {
    const now = this.clock.now();
    const rank =
      (await this.violations.countingBetween(tx, input.vendorId, windowStart(this.ladder, input.occurredAt), input.occurredAt)) + 1;
    const days = suspensionDaysFor(this.ladder, rank);
    const violation: Violation = {
      ...input,
      id: newId(),
      status: 'upheld',
      rank,
      suspendedUntil: days > 0 ? now + days * DAY_MS : null,
      appealText: null,
      appealedAt: null,
      resolutionNote: null,
      resolvedBy: null,
      resolvedAt: null,
      createdBy: actor.id,
      createdAt: now,
    };
    await this.violations.insert(tx, violation);
    await this.audit.record(tx, actor, { action: 'violation.recorded', entityType: 'violation', entityId: violation.id, after: violation });
    const zone = await this.zones.get(violation.zoneId, tx);
    await this.notifier.notify(tx, [
      {
        vendorId: violation.vendorId,
        event: 'violation.recorded',
        data: {
          violationId: violation.id,
          type: violation.type,
          zoneName: zone.name,
          occurredAt: formatInstant(violation.occurredAt, zone.timezone),
        },
      },
    ]);
    if (violation.suspendedUntil !== null) {
      const reason = `violation ${violation.type}: the ${ordinal(rank)} in ${this.ladder.windowDays} days, ${days} days' suspension`;
      await this.vendors.suspendWithin(tx, violation.vendorId, violation.suspendedUntil, reason, actor);
    }
    return violation;
  }

  /**
   * Lifts the suspensions of the violations whose count included the
   * overturned one. A suspension another upheld violation brought on its own
   * (say the 2nd's 7 days, overtaken by the 3rd's 90) and that has not ended
   * is put back in force: only what the overturned one caused is undone.
   */
  private async liftSuspensionsCounting(tx: Tx, overturned: Violation, actor: AuditActor): Promise<void> {
    // Counted in v's rank: recorded no later than v, and occurred inside v's window.
    const counted = (v: Violation) =>
      v.id === overturned.id ||
      (overturned.createdAt <= v.createdAt &&
        overturned.occurredAt > windowStart(this.ladder, v.occurredAt) &&
        overturned.occurredAt <= v.occurredAt);
    const suspending = await this.violations.suspending(tx, overturned.vendorId);
    let lifted = false;
    for (const v of [overturned, ...suspending]) {
      if (v.suspendedUntil !== null && counted(v))
        lifted = (await this.vendors.liftSuspensionWithin(tx, overturned.vendorId, v.suspendedUntil, actor)) || lifted;
    }
    if (!lifted) return;
    const now = this.clock.now();
    const standing = suspending
      .filter((v) => !counted(v) && v.suspendedUntil! > now)
      .sort((a, b) => b.suspendedUntil! - a.suspendedUntil!)[0];
    if (standing) {
      const reason = `violation ${standing.type}: the ${ordinal(standing.rank)} in ${this.ladder.windowDays} days, still in force`;
      await this.vendors.suspendWithin(tx, overturned.vendorId, standing.suspendedUntil!, reason, actor);
    }
  }

  /** The no-show sweep's claims, each recorded once as a violation. */
  private async recordNoShows(tx: Tx, claims: ClaimFact[]): Promise<void> {
    for (const claim of claims) {
      await this.recordAutomatic(tx, {
        vendorId: claim.vendorId,
        zoneId: claim.zoneId,
        type: 'no_show',
        occurredAt: claim.endAt,
        sourceId: claim.id,
        note: `no check-in for the run of ${claim.date}`,
      });
    }
  }
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

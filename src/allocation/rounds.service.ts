import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { DomainError, notFound, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { parseInstant } from '../common/fields.js';
import { Page, PageQuery } from '../common/pagination.js';
import { categoryFits } from '../claims/claim-rules.js';
import { ClaimsService } from '../claims/claims.service.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import type { Stall, StallCategory } from '../stalls/stall.js';
import { StallsService } from '../stalls/stalls.service.js';
import { effectiveStatus } from '../vendors/vendor-status.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import type { Round, RoundApplication } from './allocation.js';
import { toResults } from './allocation.mapper.js';
import { CreateRoundDto, RoundResultsResponse } from './dto/allocation.dto.js';
import { RoundsRepository } from './rounds.repository.js';
import { commitmentOf, drawOrder } from './shuffle.js';

/** A drawn round and how many standing claims its winners got. */
export interface Draw {
  round: Round;
  applications: RoundApplication[];
  claimsCreated: number;
}

/**
 * Lottery rounds (抽签): staff open a round for a session over a period with
 * a seed commitment; approved vendors apply once each; staff draw by
 * revealing the seed. Priority-group applicants come first, each group in
 * the documented shuffle's order (shuffle.ts); winners get one stall of their
 * category (else a general one) and a standing claim on every run of the
 * period through the claim rules; the rest form the round's waitlist.
 */
@Injectable()
export class RoundsService {
  constructor(
    private readonly rounds: RoundsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly stalls: StallsService,
    private readonly vendors: VendorsService,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
  ) {}

  async create(zoneId: string, dto: CreateRoundDto, actor: Actor): Promise<Round> {
    const { from, to } = resolveRange({ from: dto.from, to: dto.to }, dto.from, 1);
    const applyUntil = parseInstant(dto.applyUntil)!;
    const now = this.clock.now();
    if (applyUntil <= now) throw validationFailed('applyUntil must be an instant ahead', 'applyUntil');
    return this.transactions.write(async (tx) => {
      await this.zones.get(zoneId, tx, 'share');
      const session = await this.schedule.session(dto.sessionId, tx, 'share');
      if (session.zoneId !== zoneId)
        throw new DomainError(ErrorCode.NOT_AN_OCCURRENCE, `session ${session.name} runs in another zone`, {}, { reason: 'other_zone' });
      const round: Round = {
        id: newId(),
        zoneId,
        sessionId: session.id,
        from,
        to,
        applyUntil,
        seedCommitment: dto.seedCommitment.toLowerCase(),
        seed: null,
        status: 'open',
        drawnAt: null,
        drawnBy: null,
        createdBy: actor.id,
        createdAt: now,
      };
      await this.rounds.insert(tx, round);
      await this.audit.record(tx, actor, { action: 'round.created', entityType: 'round', entityId: round.id, after: round });
      return round;
    });
  }

  async get(id: string): Promise<Round> {
    const round = await this.rounds.find(id);
    if (!round) throw notFound('round', id);
    return round;
  }

  async ofZone(zoneId: string, page: PageQuery): Promise<Page<Round>> {
    await this.zones.get(zoneId);
    return this.rounds.pageOfZone(zoneId, page);
  }

  applications(roundId: string): Promise<RoundApplication[]> {
    return this.rounds.applicationsOf(roundId);
  }

  /**
   * One application per approved vendor while the round is open (before
   * applyUntil and the draw), for a category the vendor sells or general.
   * The round row is held for update: tickets are numbered 1, 2, 3… in the
   * order applications commit.
   */
  async apply(roundId: string, category: StallCategory, actor: Actor): Promise<RoundApplication> {
    return this.transactions.write(async (tx) => {
      const round = await this.rounds.find(roundId, tx, 'update');
      if (!round) throw notFound('round', roundId);
      const vendor = await this.vendors.find(actor.id, tx);
      const now = this.clock.now();
      const status = vendor ? effectiveStatus(vendor, now) : 'pending';
      if (status === 'suspended') throw new DomainError(ErrorCode.VENDOR_SUSPENDED, 'a suspended vendor cannot apply');
      if (!vendor || status !== 'approved') throw new DomainError(ErrorCode.VENDOR_NOT_APPROVED, `the vendor is ${status}, not approved`);
      if (round.status === 'drawn') throw new DomainError(ErrorCode.ROUND_CLOSED, 'this round has been drawn');
      if (now >= round.applyUntil) throw new DomainError(ErrorCode.ROUND_CLOSED, 'applications to this round have closed');
      if (await this.rounds.hasApplied(tx, roundId, vendor.id))
        throw new DomainError(ErrorCode.ALREADY_APPLIED, 'you have applied to this round already');
      if (!categoryFits(category, vendor.categories)) {
        throw new DomainError(
          ErrorCode.CATEGORY_MISMATCH,
          `a ${category} stall is not for a vendor who sells ${vendor.categories.join(', ')}`,
          {},
          { category },
        );
      }
      const application: RoundApplication = {
        id: newId(),
        roundId,
        vendorId: vendor.id,
        ticket: await this.rounds.nextTicket(tx, roundId),
        category,
        priority: false,
        position: null,
        result: null,
        stallId: null,
        createdAt: now,
      };
      await this.rounds.insertApplication(tx, application);
      await this.audit.record(tx, actor, {
        action: 'round.applied',
        entityType: 'round_application',
        entityId: application.id,
        after: application,
      });
      return application;
    });
  }

  /**
   * Reveals the seed and draws (the draw also closes applications). Refused
   * unless sha256(seed) is the commitment (422 SEED_MISMATCH), and once drawn
   * (409 ALREADY_DRAWN). Locks in the write rule's order: zone and session
   * shared, the round for update, then each winner's vendor and claims
   * through the claim path.
   */
  async draw(roundId: string, seed: string, actor: Actor): Promise<Draw> {
    return this.transactions.write(async (tx) => {
      const unlocked = await this.rounds.find(roundId, tx);
      if (!unlocked) throw notFound('round', roundId);
      await this.zones.get(unlocked.zoneId, tx, 'share');
      await this.schedule.session(unlocked.sessionId, tx, 'share');
      const round = (await this.rounds.find(roundId, tx, 'update'))!;
      if (round.status === 'drawn') throw new DomainError(ErrorCode.ALREADY_DRAWN, 'this round has been drawn already');
      if (commitmentOf(seed) !== round.seedCommitment) {
        throw new DomainError(ErrorCode.SEED_MISMATCH, 'sha256(seed) is not the commitment published for this round');
      }
      const now = this.clock.now();
      const applications = await this.rounds.applicationsOf(roundId, tx);
      const vendors = await this.vendors.byIds(applications.map((a) => a.vendorId));
      const withPriority = applications.map((a) => ({ ...a, priority: (vendors.get(a.vendorId)?.priorityGroups.length ?? 0) > 0 }));
      const pool = await this.freeStalls(tx, round);
      let claimsCreated = 0;
      const drawn: RoundApplication[] = [];
      for (const [index, application] of drawOrder(withPriority, seed).entries()) {
        const vendor = vendors.get(application.vendorId);
        // Only a vendor who may claim now can win; the others keep their place in the waitlist.
        const stall = vendor && effectiveStatus(vendor, now) === 'approved' ? pool.take(application.category) : undefined;
        let result: RoundApplication['result'] = 'waitlisted';
        if (stall) {
          const placed = await this.claims.placeStanding(
            tx,
            { vendorId: application.vendorId, stallId: stall.id, sessionId: round.sessionId, from: round.from, to: round.to },
            'lottery',
            now,
          );
          claimsCreated += placed.created.length;
          result = 'won';
          await this.audit.record(
            tx,
            actor,
            placed.created.map((claim) => ({ action: 'claim.won', entityType: 'claim', entityId: claim.id, after: claim })),
          );
        }
        drawn.push({ ...application, position: index + 1, result, stallId: stall?.id ?? null });
      }
      await this.rounds.recordDraw(tx, drawn);
      const after: Round = { ...round, seed, status: 'drawn', drawnAt: now, drawnBy: actor.id };
      await this.rounds.markDrawn(tx, after);
      await this.audit.record(tx, actor, {
        action: 'round.drawn',
        entityType: 'round',
        entityId: round.id,
        before: round,
        after: {
          ...after,
          winners: drawn.filter((a) => a.result === 'won').length,
          waitlisted: drawn.filter((a) => a.result !== 'won').length,
        },
      });
      return { round: after, applications: drawn, claimsCreated };
    });
  }

  /** The public results of a drawn round (404 until it is drawn). */
  async results(roundId: string): Promise<RoundResultsResponse> {
    const round = await this.get(roundId);
    if (round.status !== 'drawn') throw notFound('results of round', roundId);
    return this.presentDraw(round, await this.rounds.applicationsOf(roundId));
  }

  /** A draw as published: masked names and phones, tickets, priority, results and stall codes. */
  async presentDraw(round: Round, applications: RoundApplication[]): Promise<RoundResultsResponse> {
    const zone = await this.zones.get(round.zoneId);
    const vendors = await this.vendors.byIds(applications.map((a) => a.vendorId));
    const codes = await this.stalls.codes(applications.flatMap((a) => (a.stallId === null ? [] : [a.stallId])));
    return toResults(round, applications, vendors, codes, zone.timezone);
  }

  /**
   * Open stalls of the zone with no active claim on the session anywhere in
   * the round's period: a winner's standing place is whole. Taken by code
   * order, a category's own stalls first, then general ones.
   */
  private async freeStalls(tx: Tx, round: Round): Promise<{ take(category: StallCategory): Stall | undefined }> {
    const busy = new Set(
      (await this.claims.presentOnSession({ zoneId: round.zoneId, sessionId: round.sessionId, from: round.from, to: round.to }, tx)).map(
        (presence) => presence.stallId,
      ),
    );
    const naturally = (a: Stall, b: Stall) => a.code.localeCompare(b.code, 'en', { numeric: true });
    const free = (await this.stalls.allOfZone(round.zoneId)).filter((s) => s.status === 'open' && !busy.has(s.id)).sort(naturally);
    return {
      take(category) {
        const index = free.findIndex((s) => s.category === category);
        const fallback = index === -1 && category !== 'general' ? free.findIndex((s) => s.category === 'general') : index;
        return fallback === -1 ? undefined : free.splice(fallback, 1)[0];
      },
    };
  }
}

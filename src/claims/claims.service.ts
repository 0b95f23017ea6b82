import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { ClaimEvents } from '../common/claim-events.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { addDays } from '../recurrence/calendar.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { localDate } from '../recurrence/local-time.js';
import type { Occurrence } from '../sessions/occurrences.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import type { Claim, ClaimSource, ClaimStatus, OccupancyCounts, Presence, SessionDates } from './claim.js';
import { toClaimResponse } from './claim.mapper.js';
import { ClaimPolicy, ClaimTarget } from './claim-policy.service.js';
import { ASSIGNMENT_HORIZON_DAYS, checkInProblem, effectiveClaimStatus, IDEMPOTENCY_KEY_TTL_MS, isActive } from './claim-rules.js';
import { ClaimSweeper } from './claim.sweeper.js';
import { ClaimsRepository } from './claims.repository.js';
import { ClaimResponse, CreateClaimDto, MyClaimsQuery, VendorClaimResponse } from './dto/claim.dto.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { replay, requestHash } from './idempotency.js';

/** A run of a standing place the vendor did not get, and the claim rule (or database guard) that refused it. */
export interface StandingConflict {
  date: string;
  code: ErrorCode;
  message: string;
}

@Injectable()
export class ClaimsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly answers: IdempotencyRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly policy: ClaimPolicy,
    private readonly zones: ZonesService,
    private readonly stalls: StallsService,
    private readonly vendors: VendorsService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly claimEvents: ClaimEvents,
    private readonly sweeper: ClaimSweeper,
  ) {}

  /** A vendor's claim, counted by outcome in the metrics (201s, replays included, as `created`; refusals by code). */
  async create(actor: Actor, dto: CreateClaimDto, idempotencyKey: string | null): Promise<ClaimResponse> {
    try {
      const response = await this.createOnce(actor, dto, idempotencyKey);
      this.metrics.claims.inc({ outcome: 'created' });
      return response;
    } catch (error) {
      this.metrics.claims.inc({ outcome: error instanceof DomainError ? error.code : 'error' });
      throw error;
    }
  }

  private async createOnce(actor: Actor, dto: CreateClaimDto, idempotencyKey: string | null): Promise<ClaimResponse> {
    const hash = idempotencyKey ? requestHash({ stallId: dto.stallId, sessionId: dto.sessionId, date: dto.date }) : '';
    try {
      return await this.transactions.write(async (tx) => {
        const now = this.clock.now();
        if (idempotencyKey) {
          const stored = await this.answers.find(actor.id, idempotencyKey, tx);
          // An expired answer the sweeper has not purged yet is already forgotten.
          if (stored && stored.createdAt > now - IDEMPOTENCY_KEY_TTL_MS) return replay<ClaimResponse>(stored, hash);
          if (stored) await this.answers.forget(tx, actor.id, idempotencyKey);
        }
        const target = await this.loadTarget(tx, actor.id, dto);
        const decision = await this.policy.evaluate(tx, target, { now, horizonDays: target.zone.bookingHorizonDays });
        if (!decision.ok) throw new DomainError(decision.code, decision.message, {}, decision.params);
        const claim = await this.insertClaim(tx, target, decision.occurrence, 'claim', now);
        const response = toClaimResponse(claim, target.stall.code, target.zone.timezone, now);
        if (idempotencyKey) {
          await this.answers.insert(tx, {
            userId: actor.id,
            key: idempotencyKey,
            requestHash: hash,
            statusCode: 201,
            responseBody: JSON.stringify(response),
            createdAt: now,
          });
        }
        await this.audit.record(tx, actor, { action: 'claim.created', entityType: 'claim', entityId: claim.id, after: claim });
        return response;
      });
    } catch (error) {
      // A concurrent request with the same key may have won (PostgreSQL): answer as it did.
      if (idempotencyKey && (error instanceof DomainError || constraintViolation(error))) {
        const stored = await this.answers.find(actor.id, idempotencyKey);
        if (stored) return replay<ClaimResponse>(stored, hash);
      }
      throw error;
    }
  }

  /** Whether an active claim holds the slot, read inside the caller's write. */
  slotTaken(tx: Tx, slot: { stallId: string; sessionId: string; date: string }): Promise<boolean> {
    return this.claims.slotTaken(tx, slot.stallId, slot.sessionId, slot.date);
  }

  /** Records the vendor's no-shows that are due now (what the sweeper does every minute, for one vendor, at once). */
  recordNoShowsOf(vendorId: string): Promise<number> {
    return this.sweeper.sweep(vendorId);
  }

  /**
   * A standing place: the vendor gets the stall on every run of the session
   * in [from, to] that the claim rules allow (the booking horizon aside, as
   * for staff), inside the caller's write; the other runs are listed with the
   * refusal. Used by staff assignments and by lottery wins.
   */
  async placeStanding(
    tx: Tx,
    place: { vendorId: string; stallId: string; sessionId: string; from: string; to: string },
    source: Exclude<ClaimSource, 'claim' | 'offer'>,
    now: number,
  ): Promise<{ target: ClaimTarget; created: Claim[]; conflicts: StandingConflict[] }> {
    // The claim path's reads and locks: the same rule serializes a standing place against claims and staff.
    const target = await this.loadTarget(tx, place.vendorId, { ...place, date: place.from }, () => notFound('vendor', place.vendorId));
    const { session, stall, zone } = target;
    if (session.zoneId !== stall.zoneId) {
      throw new DomainError(
        ErrorCode.NOT_AN_OCCURRENCE,
        `session ${session.name} does not run in the stall's zone`,
        {},
        { reason: 'other_zone' },
      );
    }
    const created: Claim[] = [];
    const conflicts: StandingConflict[] = [];
    for (const date of this.schedule.currentRunDates(session, zone, place.from, place.to)) {
      const run = { ...target, date };
      const decision = await this.policy.evaluate(tx, run, { now, horizonDays: ASSIGNMENT_HORIZON_DAYS });
      if (!decision.ok) {
        conflicts.push({ date, code: decision.code, message: decision.message });
        continue;
      }
      try {
        created.push(await this.transactions.savepoint(tx, () => this.insertClaim(tx, run, decision.occurrence, source, now)));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        conflicts.push({ date, code: error.code, message: error.message });
      }
    }
    return { target, created, conflicts };
  }

  /**
   * The claim an accepted waitlist offer turns into, inside the caller's
   * write: every claim rule applies (the offer's hold lets its own vendor
   * through), with the standing horizon, since a round's run may lie weeks ahead.
   */
  async claimOffered(
    tx: Tx,
    vendorId: string,
    slot: { stallId: string; sessionId: string; date: string },
    now: number,
  ): Promise<ClaimResponse> {
    const target = await this.loadTarget(tx, vendorId, slot);
    const decision = await this.policy.evaluate(tx, target, { now, horizonDays: ASSIGNMENT_HORIZON_DAYS });
    if (!decision.ok) throw new DomainError(decision.code, decision.message, {}, decision.params);
    const claim = await this.insertClaim(tx, target, decision.occurrence, 'offer', now);
    return toClaimResponse(claim, target.stall.code, target.zone.timezone, now);
  }

  /**
   * Inserts an active claim; a refusal by the database's own guards (unique
   * slot index, vendor overlap trigger or constraint) becomes its code.
   */
  async insertClaim(tx: Tx, target: ClaimTarget, occurrence: Occurrence, source: ClaimSource, now: number): Promise<Claim> {
    const claim: Claim = {
      id: newId(),
      vendorId: target.vendor.id,
      stallId: target.stall.id,
      sessionId: target.session.id,
      zoneId: target.zone.id,
      date: target.date,
      startAt: occurrence.start,
      endAt: occurrence.end,
      status: 'confirmed',
      source,
      createdAt: now,
      updatedAt: now,
      checkedInAt: null,
      cancelledAt: null,
    };
    try {
      await this.claims.insert(tx, claim);
    } catch (error) {
      const violation = constraintViolation(error);
      if (violation?.kind === 'unique')
        throw new DomainError(
          ErrorCode.SLOT_TAKEN,
          `stall ${target.stall.code} is already claimed for ${target.date}`,
          {},
          { stall: target.stall.code },
        );
      if (violation?.kind === 'overlap')
        throw new DomainError(ErrorCode.VENDOR_OVERLAP, 'the vendor already holds a claim at an overlapping time');
      throw error;
    }
    return claim;
  }

  /**
   * The rows a claim depends on, read under the one write rule's locks, in its
   * order: zone and session shared (staff changing them wait for this claim, or
   * this claim waits for them and sees their change), then the vendor
   * exclusively (one vendor's claims run one at a time: the weekly limit counts
   * exactly across instances). The stall is not locked: closing a stall keeps
   * the claims already on it, so a claim made just before the close is no
   * different from one made a minute earlier.
   */
  async loadTarget(
    tx: Tx,
    vendorId: string,
    dto: { stallId: string; sessionId: string; date: string },
    noVendor = () => new DomainError(ErrorCode.VENDOR_NOT_APPROVED, 'no vendor record for this account'),
  ): Promise<ClaimTarget> {
    const stall = await this.stalls.get(dto.stallId, tx);
    const zone = await this.zones.get(stall.zoneId, tx, 'share');
    const session = await this.schedule.session(dto.sessionId, tx, 'share');
    const vendor = await this.vendors.find(vendorId, tx, 'update');
    if (!vendor) throw noVendor();
    return { vendor, stall, session, zone, date: dto.date };
  }

  async get(actor: Actor, id: string): Promise<ClaimResponse> {
    const claim = await this.visibleClaim(actor, id);
    return (await this.present([claim]))[0];
  }

  /**
   * Its vendor before the start, while only confirmed (a checked-in vendor is
   * at the market: staff end that); staff until the end. A cancel racing a
   * check-in therefore has one winner; the other is INVALID_STATE_TRANSITION.
   */
  async cancel(actor: Actor, id: string): Promise<ClaimResponse> {
    return this.transactions.write(async (tx) => {
      const claim = await this.visibleClaim(actor, id, tx);
      const now = this.clock.now();
      const status = effectiveClaimStatus(claim, now);
      if (status !== 'confirmed' && !(status === 'checked_in' && actor.role === 'staff')) {
        throw new DomainError(
          ErrorCode.INVALID_STATE_TRANSITION,
          `a ${status} claim cannot be cancelled${status === 'checked_in' ? ' by its vendor' : ''}`,
        );
      }
      if (actor.role === 'vendor' && now >= claim.startAt) {
        throw new DomainError(ErrorCode.OUTSIDE_CANCEL_WINDOW, 'a claim can be cancelled by its vendor only before the occurrence starts');
      }
      if (now >= claim.endAt) throw new DomainError(ErrorCode.OUTSIDE_CANCEL_WINDOW, 'the occurrence has ended', {}, { reason: 'ended' });
      const response = await this.change(tx, actor, claim, { status: 'cancelled', cancelledAt: now, updatedAt: now }, 'claim.cancelled');
      await this.claimEvents.released(tx, [claim]);
      return response;
    });
  }

  /** Its vendor from 30 minutes before the start to the end; staff from 30 minutes before, also after (a late record). */
  async checkIn(actor: Actor, id: string): Promise<ClaimResponse> {
    return this.transactions.write(async (tx) => {
      const claim = await this.visibleClaim(actor, id, tx);
      const now = this.clock.now();
      const status = effectiveClaimStatus(claim, now);
      if (status === 'checked_in') return (await this.present([claim]))[0];
      const byStaff = actor.role === 'staff';
      // A no-show is a confirmed claim past its end: for its vendor the window has closed, staff may still record it.
      if (status !== 'confirmed' && status !== 'no_show') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `a ${status} claim cannot be checked in`);
      }
      const problem = checkInProblem({ start: claim.startAt, end: claim.endAt, now, byStaff });
      if (problem) {
        throw new DomainError(ErrorCode.OUTSIDE_CHECK_IN_WINDOW, problem, {}, now >= claim.endAt ? { reason: 'ended' } : {});
      }
      return this.change(tx, actor, claim, { status: 'checked_in', checkedInAt: now, updatedAt: now }, 'claim.checked_in');
    });
  }

  /**
   * The vendor's claims with the zone, stall and session names: one read of
   * the page, then one batch read per owner (stalls, zones, sessions) through
   * its service, whatever the page's size.
   */
  async listMine(actor: Actor, query: MyClaimsQuery): Promise<Page<VendorClaimResponse>> {
    const today = localDate(this.clock.now(), DEFAULT_TIMEZONE);
    const { from, to } = resolveRange(query, addDays(today, -30), 121);
    const page = await this.claims.pageOfVendor(actor.id, from, to, query);
    if (page.items.length === 0) return { items: [], total: page.total };
    const [shown, sessionNames] = await Promise.all([
      this.shown(page.items),
      this.schedule.sessionNames(page.items.map((c) => c.sessionId)),
    ]);
    const items = page.items.map((claim, i) => ({
      ...shown.responses[i],
      zoneName: shown.zones.get(claim.zoneId)?.name ?? '',
      sessionName: sessionNames.get(claim.sessionId) ?? '',
    }));
    return { items, total: page.total };
  }

  /** Responses for claims, with their stall codes and time zones fetched once per owner. */
  async present(claims: Claim[]): Promise<ClaimResponse[]> {
    return claims.length === 0 ? [] : (await this.shown(claims)).responses;
  }

  /**
   * Each claim's response, its instants in the zone its occurrence ran in (a
   * zone's time zone may have changed since), and the zones' names and time
   * zones read on the way.
   */
  private async shown(claims: Claim[]): Promise<{ responses: ClaimResponse[]; zones: Map<string, { name: string; timezone: string }> }> {
    const now = this.clock.now();
    const [codes, zones, ranIn] = await Promise.all([
      this.stalls.codes(claims.map((c) => c.stallId)),
      this.zones.labels(claims.map((c) => c.zoneId)),
      this.schedule.pastTimezones(claims),
    ]);
    const responses = claims.map((claim) =>
      toClaimResponse(
        claim,
        codes.get(claim.stallId) ?? '',
        ranIn.get(`${claim.sessionId}|${claim.date}`) ?? zones.get(claim.zoneId)?.timezone ?? DEFAULT_TIMEZONE,
        now,
      ),
    );
    return { responses, zones };
  }

  /** Claim counts per (zone, session, date) in [from, to], one zone or all, as they read at `now`. */
  occupancy(range: { from: string; to: string; zoneId?: string; now: number }): Promise<OccupancyCounts[]> {
    return this.claims.occupancy(range);
  }

  /** Claims that held a stall per stall id, dated in [from, to], of these zones or of all (the cockpit). */
  heldPerStall(range: { from: string; to: string; zoneIds?: string[] }): Promise<{ stallId: string; held: number }[]> {
    return this.claims.heldPerStall(range);
  }

  /**
   * Stalls held by an active claim on each (zone, local date), for the public views: zone id →
   * stall ids, and the instant the answer changes by itself (a counted claim's run ends: a
   * confirmed claim then becomes a no-show), or null when no counted claim ends later.
   */
  async claimedStalls(pairs: { zoneId: string; date: string }[]): Promise<Map<string, { stalls: Set<string>; changesAt: number | null }>> {
    const now = this.clock.now();
    const held = new Map(pairs.map((pair) => [pair.zoneId, { stalls: new Set<string>(), changesAt: null as number | null }]));
    for (const claim of await this.claims.activeOnZoneDates(pairs)) {
      const zone = held.get(claim.zoneId);
      if (!zone || !isActive(claim, now)) continue;
      zone.stalls.add(claim.stallId);
      if (claim.endAt > now && (zone.changesAt === null || claim.endAt < zone.changesAt)) zone.changesAt = claim.endAt;
    }
    return held;
  }

  /**
   * The vendors present on a session's runs in [from, to] — those with an
   * active claim — and the stall each holds. Inside a write the claims are
   * locked shared: a cancellation of one waits until the write commits, then
   * takes the vendor off whatever the write made of it (ClaimEvents).
   */
  presentOnSession(query: SessionDates, tx?: Tx): Promise<Presence[]> {
    return this.claims.activeOnSessionDates(query, tx, tx ? 'share' : undefined);
  }

  /** Who holds a stall on a date, per session, as the stall's public page shows it (the caller masks the name). */
  async holdersOfStall(
    zoneId: string,
    stallId: string,
    date: string,
  ): Promise<{ sessionId: string; vendorId: string; status: ClaimStatus }[]> {
    const now = this.clock.now();
    return (await this.claims.heldOnStallDate(zoneId, stallId, date)).map((claim) => ({
      sessionId: claim.sessionId,
      vendorId: claim.vendorId,
      status: effectiveClaimStatus(claim, now),
    }));
  }

  /** A vendor sees only its own claims: another vendor's is "not found", not "forbidden". */
  private async visibleClaim(actor: Actor, id: string, tx?: Tx): Promise<Claim> {
    const claim = await this.claims.find(id, tx, tx ? 'update' : undefined);
    if (!claim || (actor.role === 'vendor' && claim.vendorId !== actor.id)) throw notFound('claim', id);
    return claim;
  }

  /** A status change, conditional on the status the claim was read with. */
  private async change(
    tx: Tx,
    actor: Actor,
    before: Claim,
    changes: Pick<Claim, 'status' | 'updatedAt'> & Partial<Pick<Claim, 'checkedInAt' | 'cancelledAt'>>,
    action: string,
  ): Promise<ClaimResponse> {
    const from: ClaimStatus = before.status;
    if (!(await this.claims.transition(tx, before, from, changes))) {
      throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'the claim was changed meanwhile; read it again');
    }
    const after: Claim = { ...before, ...changes };
    await this.audit.record(tx, actor, { action, entityType: 'claim', entityId: before.id, before, after });
    return (await this.present([after]))[0];
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor, AuditActor } from '../common/actor.js';
import { SYSTEM_ACTOR } from '../common/actor.js';
import { ClaimEvents, ClaimFact } from '../common/claim-events.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page, PageQuery } from '../common/pagination.js';
import { Notifier } from '../common/ports/notifier.js';
import type { ClaimResponse } from '../claims/dto/claim.dto.js';
import { categoryFits } from '../claims/claim-rules.js';
import { ClaimsService } from '../claims/claims.service.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { formatInstant } from '../recurrence/local-time.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import type { Stall } from '../stalls/stall.js';
import { StallsService } from '../stalls/stalls.service.js';
import { effectiveStatus } from '../vendors/vendor-status.js';
import { VendorsService } from '../vendors/vendors.service.js';
import type { Zone } from '../zones/zone.js';
import { ZonesService } from '../zones/zones.service.js';
import type { Offer, OfferSource, WaitlistEntry } from './allocation.js';
import { OffersRepository } from './offers.repository.js';
import { RoundsRepository } from './rounds.repository.js';
import { WaitlistRepository } from './waitlist.repository.js';

/** A freed slot: one stall on one run. */
export interface Slot {
  zoneId: string;
  stallId: string;
  sessionId: string;
  date: string;
}

/** Someone in line for a slot: from a round's waitlist or the run's own. */
interface Candidate {
  vendorId: string;
  source: OfferSource;
  sourceId: string;
  entry?: WaitlistEntry;
}

/** At most this long before an offer expires, its vendor is reminded (half the hold when that is shorter). */
export const REMINDER_LEAD_MS = 15 * 60_000;
const SWEEP_BATCH = 100;

/**
 * Offers of freed stalls (候补): when an active claim stops holding its slot,
 * the stall is offered to the first in line with a fitting category — the
 * waitlists of drawn rounds over that run (draw order) first, then the run's
 * own waitlist (first come) — and held for the zone's offerHoldMinutes (not
 * past the run's start). While it is held, everyone else gets SLOT_TAKEN
 * (SlotHolds, answered by OfferHolds). An offer not taken in time passes to the next in line; each
 * vendor is offered a run once. Expiry runs from a timer and before every
 * read of offers, so a stopped timer never shows a wrong state.
 */
@Injectable()
export class OffersService implements OnModuleInit {
  constructor(
    private readonly offers: OffersRepository,
    private readonly waitlist: WaitlistRepository,
    private readonly rounds: RoundsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly stalls: StallsService,
    private readonly vendors: VendorsService,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
    private readonly notifier: Notifier,
    private readonly claimEvents: ClaimEvents,
  ) {}

  onModuleInit(): void {
    this.claimEvents.onReleased((tx, released) => this.offerReleased(tx, released));
  }

  /** The caller's offers, newest first; expiries due are applied first. */
  async mine(vendorId: string, page: PageQuery): Promise<Page<Offer>> {
    await this.expireDue();
    return this.offers.pageOfVendor(vendorId, page);
  }

  /** Turns the caller's open offer into a claim, through every claim rule (the hold lets this vendor through). */
  async accept(offerId: string, actor: Actor): Promise<ClaimResponse> {
    await this.expireDue();
    return this.transactions.write(async (tx) => {
      const offer = await this.ownOffer(tx, offerId, actor);
      const now = this.clock.now();
      const claim = await this.claims.claimOffered(tx, actor.id, offer, now);
      // Conditional on still being open: an expiry that won the race leaves this offer closed, and the claim rolls back.
      if (!(await this.offers.decide(tx, offer.id, 'accepted', now, claim.id))) throw this.closed('expired');
      if (offer.source === 'waitlist') await this.closeEntry(tx, offer.sourceId, 'accepted', now);
      await this.audit.record(tx, actor, [
        {
          action: 'offer.accepted',
          entityType: 'offer',
          entityId: offer.id,
          before: offer,
          after: { ...offer, status: 'accepted', claimId: claim.id },
        },
        { action: 'claim.created', entityType: 'claim', entityId: claim.id, after: claim },
      ]);
      return claim;
    });
  }

  /** The caller turns the offer down: it passes to the next in line at once. */
  async decline(offerId: string, actor: Actor): Promise<Offer> {
    await this.expireDue();
    return this.transactions.write(async (tx) => {
      const offer = await this.ownOffer(tx, offerId, actor);
      const now = this.clock.now();
      if (!(await this.offers.decide(tx, offer.id, 'declined', now))) throw this.closed('expired');
      if (offer.source === 'waitlist') await this.closeEntry(tx, offer.sourceId, 'passed', now);
      await this.audit.record(tx, actor, { action: 'offer.declined', entityType: 'offer', entityId: offer.id, before: offer });
      await this.offerNext(tx, offer, now);
      return { ...offer, status: 'declined', decidedAt: now };
    });
  }

  /** Expires the open offers past their time (one batch per write) and passes each slot on; returns how many. */
  async expireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.transactions.write(async (tx) => {
        const now = this.clock.now();
        const due = await this.offers.dueToExpire(tx, now, SWEEP_BATCH);
        for (const offer of due) {
          await this.offers.decide(tx, offer.id, 'expired', now);
          if (offer.source === 'waitlist') await this.closeEntry(tx, offer.sourceId, 'passed', now);
          await this.audit.record(tx, SYSTEM_ACTOR, { action: 'offer.expired', entityType: 'offer', entityId: offer.id, before: offer });
          await this.offerNext(tx, offer, now);
        }
        return due.length;
      });
      total += expired;
      if (expired < SWEEP_BATCH) return total;
    }
  }

  /** Tells the vendors whose offers are about to expire (once each); returns how many. */
  async remindDue(): Promise<number> {
    return this.transactions.write(async (tx) => {
      const now = this.clock.now();
      const due = await this.offers.dueForReminder(tx, now, REMINDER_LEAD_MS, SWEEP_BATCH);
      for (const offer of due) {
        await this.offers.markReminded(tx, offer.id, now);
        await this.notifier.notify(tx, [{ vendorId: offer.vendorId, event: 'offer.expiring', data: await this.described(tx, offer) }]);
      }
      return due.length;
    });
  }

  /** Offers a slot to the first in line who can take it; returns the offer, or null when nobody can. */
  async offerNext(tx: Tx, slot: Slot, now: number, actor: AuditActor = SYSTEM_ACTOR): Promise<Offer | null> {
    if (await this.offers.holding(tx, slot.stallId, slot.sessionId, slot.date, now)) return null;
    if (await this.claims.slotTaken(tx, slot)) return null;
    const zone = await this.zones.get(slot.zoneId, tx);
    const session = await this.schedule.findSession(slot.sessionId);
    if (!session) return null;
    const run = await this.schedule.occurrence(tx, session, zone, slot.date);
    if (!run || run.cancelled || run.start <= now) return null;
    const stall = await this.stalls.get(slot.stallId, tx);
    if (stall.status !== 'open') return null;
    for (const candidate of await this.line(tx, slot, stall)) {
      if (!(await this.canTake(tx, candidate.vendorId, slot, now))) continue;
      const offer: Offer = {
        id: newId(),
        vendorId: candidate.vendorId,
        zoneId: slot.zoneId,
        sessionId: slot.sessionId,
        date: slot.date,
        stallId: slot.stallId,
        source: candidate.source,
        sourceId: candidate.sourceId,
        status: 'open',
        // Held for the zone's time, but never past the run's start: a stall is no use once the market has begun.
        expiresAt: Math.min(now + zone.offerHoldMinutes * 60_000, run.start),
        remindedAt: null,
        claimId: null,
        createdAt: now,
        decidedAt: null,
      };
      await this.offers.insert(tx, offer);
      if (candidate.entry) await this.waitlist.setStatus(tx, candidate.entry, 'offered', now);
      await this.audit.record(tx, actor, { action: 'offer.made', entityType: 'offer', entityId: offer.id, after: offer });
      await this.notifier.notify(tx, [{ vendorId: offer.vendorId, event: 'offer.made', data: describe(offer, zone, stall, session.name) }]);
      return offer;
    }
    return null;
  }

  /** The slots the released claims freed, each offered on (runs already begun are not). */
  private async offerReleased(tx: Tx, released: ClaimFact[]): Promise<void> {
    const now = this.clock.now();
    for (const claim of released) {
      if (claim.startAt <= now) continue;
      await this.offerNext(tx, { zoneId: claim.zoneId, stallId: claim.stallId, sessionId: claim.sessionId, date: claim.date }, now);
    }
  }

  /** Who is in line for the slot, in order, with a fitting category and not offered this run before. */
  private async line(tx: Tx, slot: Slot, stall: Stall): Promise<Candidate[]> {
    const offeredBefore = await this.offers.offeredOnRun(tx, slot.sessionId, slot.date);
    const candidates: Candidate[] = [];
    for (const round of await this.rounds.drawnCovering(tx, slot.sessionId, slot.date)) {
      for (const application of await this.rounds.applicationsOf(round.id, tx)) {
        if (application.result === 'waitlisted' && categoryFits(stall.category, [application.category])) {
          candidates.push({ vendorId: application.vendorId, source: 'round', sourceId: application.id });
        }
      }
    }
    for (const entry of await this.waitlist.waiting(tx, slot.sessionId, slot.date, 'update')) {
      if (categoryFits(stall.category, [entry.category]))
        candidates.push({ vendorId: entry.vendorId, source: 'waitlist', sourceId: entry.id, entry });
    }
    const seen = new Set(offeredBefore);
    return candidates.filter((c) => !seen.has(c.vendorId) && seen.add(c.vendorId));
  }

  /** A vendor who may claim now and holds no stall on this run already. */
  private async canTake(tx: Tx, vendorId: string, slot: Slot, now: number): Promise<boolean> {
    const vendor = await this.vendors.find(vendorId, tx);
    if (!vendor || effectiveStatus(vendor, now) !== 'approved') return false;
    const present = await this.claims.presentOnSession(
      { zoneId: slot.zoneId, sessionId: slot.sessionId, from: slot.date, to: slot.date, vendorId },
      tx,
    );
    return present.length === 0;
  }

  private async ownOffer(tx: Tx, offerId: string, actor: Actor): Promise<Offer> {
    const offer = await this.offers.find(offerId, tx);
    // Another vendor's offer is "not found", as another vendor's claim is.
    if (!offer || offer.vendorId !== actor.id) throw notFound('offer', offerId);
    if (offer.status !== 'open') throw this.closed(offer.status);
    if (offer.expiresAt <= this.clock.now()) throw this.closed('expired');
    return offer;
  }

  private closed(status: string): DomainError {
    return new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `this offer is ${status}`);
  }

  private async closeEntry(tx: Tx, entryId: string, status: 'accepted' | 'passed', now: number): Promise<void> {
    const entry = await this.waitlist.find(entryId, tx, 'update');
    if (entry && entry.status === 'offered') await this.waitlist.setStatus(tx, entry, status, now);
  }

  /** describe(), for an offer whose zone, stall and session are not at hand. */
  private async described(tx: Tx, offer: Offer) {
    const zone = await this.zones.get(offer.zoneId, tx);
    const stall = await this.stalls.get(offer.stallId, tx);
    const session = await this.schedule.findSession(offer.sessionId);
    return describe(offer, zone, stall, session?.name ?? '');
  }
}

/** What an offer's messages say: where, when, which stall, until when. */
function describe(offer: Offer, zone: Zone, stall: Stall, sessionName: string) {
  return {
    offerId: offer.id,
    zoneName: zone.name,
    sessionName,
    date: offer.date,
    stallCode: stall.code,
    expiresAt: formatInstant(offer.expiresAt, zone.timezone),
  };
}

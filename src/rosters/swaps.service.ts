import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ClaimsService } from '../claims/claims.service.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { localDate } from '../recurrence/local-time.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import type { RosterEntry, RosterSwap } from './roster.js';
import { RosterRepository } from './roster.repository.js';
import { SwapBoard } from './swap-board.service.js';
import { Notifier } from '../common/ports/notifier.js';

/**
 * Swaps between vendors: the assigned vendor asks another to take the turn,
 * the other accepts, and the entry (same id) becomes theirs. The other must
 * be present that day (an active claim on the run), and the run must not
 * have started.
 */
@Injectable()
export class SwapsService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly claims: ClaimsService,
    private readonly vendors: VendorsService,
    private readonly audit: AuditService,
    private readonly board: SwapBoard,
    private readonly notifier: Notifier,
  ) {}

  async request(entryId: string, toVendorId: string, actor: Actor): Promise<RosterSwap> {
    const entry = await this.roster.find(entryId);
    if (!entry) throw notFound('roster entry', entryId);
    if (actor.role !== 'vendor' || entry.vendorId !== actor.id) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'only the vendor on this turn may ask to swap it');
    }
    if (toVendorId === actor.id) throw validationFailed('toVendorId: a swap is with another vendor', 'toVendorId');
    const words = await this.board.describe(entry, actor.id);
    return this.transactions.write(async (tx) => {
      await this.vendors.get(toVendorId, tx);
      await this.assertPresent(tx, entry, toVendorId);
      const current = await this.roster.find(entryId, tx, 'update');
      if (!current) throw notFound('roster entry', entryId);
      await this.assertOpen(tx, current, actor.id);
      if (await this.roster.onDuty(tx, current.dutyId, current.date, toVendorId)) {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'that vendor is already on this duty that day');
      }
      const swap: RosterSwap = {
        id: newId(),
        entryId,
        fromVendorId: actor.id,
        toVendorId,
        status: 'pending',
        createdAt: this.clock.now(),
        decidedAt: null,
      };
      await this.roster.insertSwap(tx, swap);
      await this.audit.record(tx, actor, { action: 'roster.swap.requested', entityType: 'roster_swap', entityId: swap.id, after: swap });
      await this.notifier.notify(tx, [
        {
          vendorId: toVendorId,
          event: 'duty.swap_requested',
          data: {
            swapId: swap.id,
            entryId,
            dutyName: words.dutyName,
            zoneName: words.zoneName,
            sessionName: words.sessionName,
            date: current.date,
            fromName: words.from.name,
            fromStallCode: words.from.stallCode,
          },
        },
      ]);
      return swap;
    });
  }

  /** The vendor asked accepts: the entry keeps its id, its vendor becomes the caller, and it is kept by later generations. */
  async accept(swapId: string, actor: Actor): Promise<RosterEntry> {
    const swap = await this.roster.findSwap(swapId);
    if (!swap) throw notFound('swap', swapId);
    if (actor.role !== 'vendor' || swap.toVendorId !== actor.id) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'only the vendor asked may accept this swap');
    }
    const entry = await this.roster.find(swap.entryId);
    if (!entry) throw notFound('roster entry', swap.entryId);
    try {
      return await this.transactions.write(async (tx) => {
        // The write rule's order: the claim that makes the caller present (shared), then the entry and the swap.
        await this.assertPresent(tx, entry, actor.id);
        const before = await this.roster.find(entry.id, tx, 'update');
        const pending = await this.roster.findSwap(swapId, tx, 'update');
        if (!before || !pending || pending.status !== 'pending') {
          throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `this swap is ${pending?.status ?? 'void'}`);
        }
        await this.assertOpen(tx, before, swap.fromVendorId);
        const now = this.clock.now();
        const after: RosterEntry = { ...before, vendorId: actor.id, swapped: true, updatedAt: now };
        if (!(await this.roster.update(tx, before, after)))
          throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this entry changed meanwhile');
        await this.roster.decideSwap(tx, swapId, 'accepted', now);
        await this.roster.voidSwapsOf(tx, entry.id, now);
        await this.audit.record(tx, actor, {
          action: 'roster.swap.accepted',
          entityType: 'roster_entry',
          entityId: entry.id,
          before,
          after,
        });
        return after;
      });
    } catch (error) {
      // Another generation or swap put the caller on this duty that day meanwhile.
      if (constraintViolation(error)?.kind === 'unique') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'you are already on this duty that day');
      }
      throw error;
    }
  }

  /** 422 VENDOR_NOT_PRESENT unless the vendor holds an active claim on the entry's run (locked shared until commit). */
  private async assertPresent(tx: Tx, entry: RosterEntry, vendorId: string): Promise<void> {
    const present = await this.claims.presentOnSession(
      { zoneId: entry.zoneId, sessionId: entry.sessionId, from: entry.date, to: entry.date, vendorId },
      tx,
    );
    if (present.length === 0) {
      throw new DomainError(
        ErrorCode.VENDOR_NOT_PRESENT,
        `that vendor holds no stall on ${entry.date} for this session, so cannot take the turn`,
      );
    }
  }

  /** The entry is still the asking vendor's, not yet done or missed, and its run has not started. */
  private async assertOpen(tx: Tx, entry: RosterEntry, vendorId: string): Promise<void> {
    if (entry.status !== 'assigned') throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `this turn is already ${entry.status}`);
    if (entry.vendorId !== vendorId) throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this turn has changed hands');
    if (await this.started(tx, entry)) {
      throw new DomainError(ErrorCode.OCCURRENCE_STARTED, `the run of ${entry.date} has started; its turns can no longer be swapped`);
    }
  }

  /** Whether the entry's run has begun (a run no longer in the schedule counts from its date). */
  private async started(tx: Tx, entry: RosterEntry): Promise<boolean> {
    const zone = await this.zones.get(entry.zoneId, tx);
    const now = this.clock.now();
    const session = await this.schedule.findSession(entry.sessionId);
    const run = session ? await this.schedule.occurrence(tx, session, zone, entry.date) : null;
    return run ? run.start <= now : entry.date <= localDate(now, zone.timezone);
  }
}

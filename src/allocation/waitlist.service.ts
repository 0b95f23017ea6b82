import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { categoryFits } from '../claims/claim-rules.js';
import { ClaimsService } from '../claims/claims.service.js';
import { newId } from '../database/ids.js';
import { Transactions } from '../database/transactions.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { effectiveStatus } from '../vendors/vendor-status.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import type { WaitlistEntry } from './allocation.js';
import { JoinWaitlistDto } from './dto/allocation.dto.js';
import { WaitlistRepository } from './waitlist.repository.js';

/** An entry with its place in line (1: the next to be offered a freed stall). */
export interface PlaceInLine extends WaitlistEntry {
  position: number;
}

/** A run's own waitlist (候补): approved vendors line up for a stall of a category on one run of a session. */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly waitlist: WaitlistRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly vendors: VendorsService,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Joins the line of a run that has not begun and is not cancelled, for a
   * category the vendor sells (or general); once per run (409
   * ALREADY_APPLIED), and not while holding a stall on that run (409
   * VENDOR_OVERLAP). Locks in the write rule's order: zone, session, vendor.
   */
  async join(dto: JoinWaitlistDto, actor: Actor): Promise<PlaceInLine> {
    return this.transactions.write(async (tx) => {
      const zone = await this.zones.get(dto.zoneId, tx, 'share');
      const session = await this.schedule.session(dto.sessionId, tx, 'share');
      const vendor = await this.vendors.find(actor.id, tx, 'update');
      const now = this.clock.now();
      const status = vendor ? effectiveStatus(vendor, now) : 'pending';
      if (status === 'suspended') throw new DomainError(ErrorCode.VENDOR_SUSPENDED, 'a suspended vendor cannot join a waitlist');
      if (!vendor || status !== 'approved') throw new DomainError(ErrorCode.VENDOR_NOT_APPROVED, `the vendor is ${status}, not approved`);
      const run = session.zoneId === zone.id ? await this.schedule.occurrence(tx, session, zone, dto.date) : null;
      if (!run)
        throw new DomainError(
          ErrorCode.NOT_AN_OCCURRENCE,
          `session ${session.name} does not run in this zone on ${dto.date}`,
          {},
          { date: dto.date },
        );
      if (run.cancelled)
        throw new DomainError(
          ErrorCode.OCCURRENCE_CANCELLED,
          `session ${session.name} on ${dto.date} is cancelled: ${run.reason}`,
          {},
          {
            date: dto.date,
            reason: run.reason,
          },
        );
      if (run.start <= now) throw new DomainError(ErrorCode.OCCURRENCE_STARTED, 'this run has already begun');
      if (!categoryFits(dto.category, vendor.categories)) {
        throw new DomainError(
          ErrorCode.CATEGORY_MISMATCH,
          `a ${dto.category} stall is not for a vendor who sells ${vendor.categories.join(', ')}`,
          {},
          { category: dto.category },
        );
      }
      const present = await this.claims.presentOnSession(
        { zoneId: zone.id, sessionId: session.id, from: dto.date, to: dto.date, vendorId: vendor.id },
        tx,
      );
      if (present.length > 0) throw new DomainError(ErrorCode.VENDOR_OVERLAP, 'you already hold a stall on this run');
      if (await this.waitlist.isWaiting(tx, session.id, dto.date, vendor.id)) {
        throw new DomainError(ErrorCode.ALREADY_APPLIED, 'you are in this run’s line already');
      }
      const entry: WaitlistEntry = {
        id: newId(),
        zoneId: zone.id,
        sessionId: session.id,
        date: dto.date,
        vendorId: vendor.id,
        category: dto.category,
        status: 'waiting',
        createdAt: now,
        updatedAt: now,
      };
      await this.waitlist.insert(tx, entry);
      await this.audit.record(tx, actor, { action: 'waitlist.joined', entityType: 'waitlist_entry', entityId: entry.id, after: entry });
      return { ...entry, position: (await this.waitlist.ahead(entry, tx)) + 1 };
    });
  }

  /** The caller's places in line (waiting, or holding an offer). */
  async mine(vendorId: string): Promise<PlaceInLine[]> {
    const entries = await this.waitlist.activeOfVendor(vendorId);
    return Promise.all(
      entries.map(async (entry) => ({ ...entry, position: entry.status === 'waiting' ? (await this.waitlist.ahead(entry)) + 1 : 0 })),
    );
  }

  /** Leaves a line the caller is still waiting in (an offer already made is declined instead). */
  async leave(id: string, actor: Actor): Promise<void> {
    await this.transactions.write(async (tx) => {
      const entry = await this.waitlist.find(id, tx, 'update');
      if (!entry || entry.vendorId !== actor.id) throw notFound('waitlist entry', id);
      if (entry.status !== 'waiting') throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `this place in line is ${entry.status}`);
      await this.waitlist.setStatus(tx, entry, 'left', this.clock.now());
      await this.audit.record(tx, actor, { action: 'waitlist.left', entityType: 'waitlist_entry', entityId: id, before: entry });
    });
  }
}

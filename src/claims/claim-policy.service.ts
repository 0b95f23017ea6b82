import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/errors/error-code.js';
import type { MessageParams } from '../common/errors/messages.js';
import { SlotHolds } from '../common/ports/slot-holds.js';
import type { Tx } from '../database/transactions.js';
import { addDays, isoWeek } from '../recurrence/calendar.js';
import { formatInstant, localDate, localToInstant } from '../recurrence/local-time.js';
import type { Occurrence } from '../sessions/occurrences.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import type { MarketSession } from '../sessions/session.js';
import type { Stall } from '../stalls/stall.js';
import { effectiveStatus } from '../vendors/vendor-status.js';
import type { Vendor } from '../vendors/vendor.js';
import type { Zone } from '../zones/zone.js';
import { bookingWindowProblem, categoryFits, NO_SHOW_LOOKBACK_MS, noShowBlockedUntil } from './claim-rules.js';
import { ClaimsRepository } from './claims.repository.js';

export interface ClaimTarget {
  vendor: Vendor;
  stall: Stall;
  session: MarketSession;
  zone: Zone;
  date: string;
}

export type Decision = { ok: true; occurrence: Occurrence } | { ok: false; code: ErrorCode; message: string; params: MessageParams };

const refuse = (code: ErrorCode, message: string, params: MessageParams = {}): Decision => ({ ok: false, code, message, params });

/**
 * The claim rules, checked in the contract's order so that the first refusal
 * that applies is the one returned. These checks give clear answers; the
 * database (unique index, overlap trigger / exclusion constraint) is what
 * guarantees the invariants under concurrency.
 */
@Injectable()
export class ClaimPolicy {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly schedule: ScheduleService,
    private readonly slotHolds: SlotHolds,
  ) {}

  async evaluate(tx: Tx, target: ClaimTarget, options: { now: number; horizonDays: number }): Promise<Decision> {
    const { vendor, stall, session, zone, date } = target;
    const { now } = options;
    const status = effectiveStatus(vendor, now);
    if (status === 'pending' || status === 'rejected') {
      return refuse(ErrorCode.VENDOR_NOT_APPROVED, `the vendor is ${status}, not approved`);
    }
    if (status === 'suspended') {
      const end = vendor.suspendedUntil === null ? undefined : formatInstant(vendor.suspendedUntil, zone.timezone);
      return refuse(ErrorCode.VENDOR_SUSPENDED, `the vendor is suspended ${end === undefined ? 'until reinstated' : `until ${end}`}`, {
        until: end === undefined ? undefined : shownInstant(end),
      });
    }
    const blockedUntil = noShowBlockedUntil(await this.claims.noShowEnds(tx, vendor.id, now - NO_SHOW_LOOKBACK_MS, now), now);
    if (blockedUntil !== null) {
      return refuse(
        ErrorCode.NO_SHOW_BLOCK,
        `3 or more no-shows in 30 days: no claims until ${formatInstant(blockedUntil, zone.timezone)}`,
        { until: shownInstant(formatInstant(blockedUntil, zone.timezone)) },
      );
    }
    if (zone.status === 'suspended') return refuse(ErrorCode.ZONE_SUSPENDED, `zone ${zone.name} is suspended`, { zone: zone.name });
    if (stall.status === 'closed') return refuse(ErrorCode.STALL_CLOSED, `stall ${stall.code} is closed`, { stall: stall.code });
    const occurrence = session.zoneId === stall.zoneId ? await this.schedule.occurrence(tx, session, zone, date) : null;
    if (!occurrence) {
      return refuse(
        ErrorCode.NOT_AN_OCCURRENCE,
        session.zoneId === stall.zoneId
          ? `session ${session.name} does not run on ${date}`
          : `session ${session.name} does not run in the stall's zone`,
        session.zoneId === stall.zoneId ? { date } : { reason: 'other_zone' },
      );
    }
    if (occurrence.cancelled)
      return refuse(ErrorCode.OCCURRENCE_CANCELLED, `session ${session.name} on ${date} is cancelled: ${occurrence.reason}`, {
        date,
        reason: occurrence.reason,
      });
    const lastBookableDate = addDays(localDate(now, zone.timezone), options.horizonDays);
    const windowProblem = bookingWindowProblem({ start: occurrence.start, date, lastBookableDate, now });
    if (windowProblem) {
      return refuse(ErrorCode.OUTSIDE_BOOKING_WINDOW, windowProblem, occurrence.start <= now ? {} : { date, lastDate: lastBookableDate });
    }
    if (!categoryFits(stall.category, vendor.categories)) {
      return refuse(
        ErrorCode.CATEGORY_MISMATCH,
        `stall ${stall.code} is for ${stall.category}; the vendor sells ${vendor.categories.join(', ')}`,
        { category: stall.category },
      );
    }
    if (await this.claims.slotTaken(tx, stall.id, session.id, date)) {
      return refuse(ErrorCode.SLOT_TAKEN, `stall ${stall.code} is already claimed for ${session.name} on ${date}`, { stall: stall.code });
    }
    // Read after the claims: a cancellation that frees the slot writes its offer in the same commit, so a claim
    // that saw the slot free also sees the offer holding it.
    const holder = await this.slotHolds.heldFor(tx, { stallId: stall.id, sessionId: session.id, date }, now);
    if (holder !== null && holder !== vendor.id) {
      return refuse(ErrorCode.SLOT_TAKEN, `stall ${stall.code} is held for a waitlisted vendor for ${session.name} on ${date}`, {
        stall: stall.code,
      });
    }
    if (await this.claims.hasOverlap(tx, vendor.id, occurrence.start, occurrence.end)) {
      return refuse(ErrorCode.VENDOR_OVERLAP, 'the vendor already holds a claim at an overlapping time');
    }
    const week = isoWeek(date);
    const weekStart = localToInstant(week.monday, '00:00', zone.timezone);
    const weekEnd = localToInstant(addDays(week.sunday, 1), '00:00', zone.timezone);
    const held = await this.claims.countActiveStarting(tx, vendor.id, zone.id, weekStart, weekEnd, now);
    if (held >= zone.maxClaimsPerVendorPerWeek) {
      return refuse(
        ErrorCode.WEEKLY_LIMIT,
        `at most ${zone.maxClaimsPerVendorPerWeek} claims a week in this zone (week of ${week.monday})`,
        { max: zone.maxClaimsPerVendorPerWeek },
      );
    }
    return { ok: true, occurrence };
  }
}

/** `2026-12-08T06:00:00+08:00` → `2026-12-08 06:00`, the zone's wall clock, as a person reads it. */
function shownInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

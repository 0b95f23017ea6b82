import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { ClaimEvents, ClaimFact } from '../common/claim-events.js';
import { Clock } from '../common/clock.js';
import { Notifier } from '../common/ports/notifier.js';
import { resolveRange } from '../common/date-range.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { DutyRecord } from '../common/ports/duty-record.js';
import { ClaimsService } from '../claims/claims.service.js';
import { DisciplineService } from '../discipline/discipline.service.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx } from '../database/transactions.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { CaptainsService } from './captains.service.js';
import { DutiesRepository } from './duties.repository.js';
import { dutyOccurrences } from './duty-dates.js';
import { DutyDay, fill } from './fairness.js';
import type { RosterLine } from './roster-csv.js';
import type { Duty, RosterEntry } from './roster.js';
import { RosterRepository } from './roster.repository.js';

/** What a roster shows of an entry: the duty's name and the vendor's. */
export interface EntryView extends RosterEntry {
  dutyName: string;
  vendorName: string;
}

export interface Range {
  from: string;
  to: string;
}

/**
 * Rosters: who takes which duty on which run, generated fairly among the
 * vendors present, marked done or missed by staff and the zone's captains.
 * Also the vendors' duty record (DutyRecord), and what a released claim does
 * to its vendor's turns.
 */
@Injectable()
export class RosterService extends DutyRecord implements OnModuleInit {
  constructor(
    private readonly roster: RosterRepository,
    private readonly duties: DutiesRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly claims: ClaimsService,
    private readonly captains: CaptainsService,
    private readonly vendors: VendorsService,
    private readonly stalls: StallsService,
    private readonly discipline: DisciplineService,
    private readonly audit: AuditService,
    private readonly claimEvents: ClaimEvents,
    private readonly notifier: Notifier,
  ) {
    super();
  }

  onModuleInit(): void {
    this.claimEvents.onReleased((tx, released) => this.takeOff(tx, released));
  }

  /**
   * Fills every duty occurrence in [from, to]: the entries done, missed or
   * swapped stay; the others are replaced by a fresh fair pick among the
   * vendors with an active claim on that run (fairness.ts).
   *
   * Serialization: the zone's duties are locked for update, so two
   * generations of one zone run one after the other; the range's entries are
   * locked before they are read, so a mark or a swap in flight either lands
   * first (and its entry is kept) or waits; the claims read are locked
   * shared, so a cancellation waits and then takes its vendor off (takeOff).
   */
  async generate(zoneId: string, range: Range, actor: Actor): Promise<EntryView[]> {
    const { from, to } = resolveRange(range, range.from, 1);
    await this.assertZone(actor, zoneId);
    await this.transactions.write(async (tx) => {
      const zone = await this.zones.get(zoneId, tx, 'share');
      const duties = await this.duties.ofZone(zoneId, tx, 'update');
      const existing = await this.roster.ofZone(zoneId, from, to, tx, 'update');
      const kept = existing.filter((entry) => entry.status !== 'assigned' || entry.swapped);
      const replaced = existing.filter((entry) => entry.status === 'assigned' && !entry.swapped);
      await this.roster.deleteMany(
        tx,
        replaced.map((entry) => entry.id),
      );

      const sessions = new Map((await this.schedule.liveSessionsOfZone(zoneId)).map((session) => [session.id, session]));
      const { occurrences } = await this.schedule.zoneOccurrences(zone, from, to);
      const present = new Map<string, string[]>();
      for (const sessionId of new Set(duties.map((duty) => duty.sessionId))) {
        for (const presence of await this.claims.presentOnSession({ zoneId, sessionId, from, to }, tx)) {
          const key = `${sessionId}|${presence.date}`;
          present.set(key, [...(present.get(key) ?? []), presence.vendorId]);
        }
      }
      const days: DutyDay[] = [];
      for (const duty of duties) {
        const session = sessions.get(duty.sessionId);
        if (!session) continue; // deleted: no run ahead to staff
        for (const run of dutyOccurrences(duty, session, zone.timezone, occurrences, from, to)) {
          const already = kept.filter((entry) => entry.dutyId === duty.id && entry.date === run.date).map((entry) => entry.vendorId);
          days.push({
            dutyId: duty.id,
            date: run.date,
            needed: Math.max(0, duty.headcount - already.length),
            present: (present.get(`${duty.sessionId}|${run.date}`) ?? []).filter((vendorId) => !already.includes(vendorId)),
          });
        }
      }
      const picks = fill(days, await this.roster.talliesBefore(tx, zoneId, from), kept);
      const sessionOf = new Map(duties.map((duty) => [duty.id, duty.sessionId]));
      const now = this.clock.now();
      const entries = picks.map((pick) => ({
        id: newId(),
        zoneId,
        dutyId: pick.dutyId,
        sessionId: sessionOf.get(pick.dutyId)!,
        date: pick.date,
        vendorId: pick.vendorId,
        status: 'assigned' as const,
        swapped: false,
        understaffed: pick.understaffed,
        markedBy: null,
        markedAt: null,
        createdAt: now,
        updatedAt: now,
      }));
      await this.roster.insertMany(tx, entries);
      // A turn the vendor already had before this regeneration is no news to them.
      const had = new Set(replaced.map((entry) => `${entry.dutyId}|${entry.date}|${entry.vendorId}`));
      const dutyNames = new Map(duties.map((duty) => [duty.id, duty.name]));
      await this.notifier.notify(
        tx,
        entries
          .filter((entry) => !had.has(`${entry.dutyId}|${entry.date}|${entry.vendorId}`))
          .map((entry) => ({
            vendorId: entry.vendorId,
            event: 'duty.assigned' as const,
            data: {
              entryId: entry.id,
              dutyName: dutyNames.get(entry.dutyId)!,
              zoneName: zone.name,
              sessionName: sessions.get(entry.sessionId)!.name,
              date: entry.date,
            },
          })),
      );
      const summary = { from, to, kept: kept.length, replaced: replaced.length, assigned: picks.length };
      await this.audit.record(tx, actor, { action: 'roster.generated', entityType: 'zone', entityId: zoneId, after: summary });
    });
    return this.entriesOfZone(zoneId, from, to);
  }

  /** The zone's roster with names (staff and the zone's captains). */
  async list(zoneId: string, range: Range, actor: Actor): Promise<EntryView[]> {
    await this.assertZone(actor, zoneId);
    return this.entriesOfZone(zoneId, range.from, range.to);
  }

  /** The zone's roster as notice-board lines: date, duty, session, vendor and the stall the vendor holds that run. */
  async noticeBoard(zoneId: string, range: Range, actor: Actor): Promise<RosterLine[]> {
    await this.assertZone(actor, zoneId);
    const zone = await this.zones.get(zoneId);
    const entries = await this.entriesOfZone(zoneId, range.from, range.to);
    const { occurrences } = await this.schedule.zoneOccurrences(zone, range.from, range.to);
    const sessionNames = new Map(occurrences.map((run) => [run.sessionId, run.name]));
    const stallOf = new Map<string, string>();
    for (const sessionId of new Set(entries.map((entry) => entry.sessionId))) {
      for (const presence of await this.claims.presentOnSession({ zoneId, sessionId, ...range })) {
        stallOf.set(`${sessionId}|${presence.date}|${presence.vendorId}`, presence.stallId);
      }
    }
    const codes = await this.stalls.codes([...new Set(stallOf.values())]);
    return entries.map((entry) => ({
      date: entry.date,
      duty: entry.dutyName,
      session: sessionNames.get(entry.sessionId) ?? '',
      vendor: entry.vendorName,
      stall: codes.get(stallOf.get(`${entry.sessionId}|${entry.date}|${entry.vendorId}`) ?? '') ?? '',
    }));
  }

  /** The caller's own turns, in every zone. */
  async mine(vendorId: string, range: Range): Promise<EntryView[]> {
    return this.views(await this.roster.ofVendor(vendorId, range.from, range.to));
  }

  async entry(id: string): Promise<RosterEntry> {
    const entry = await this.roster.find(id);
    if (!entry) throw notFound('roster entry', id);
    return entry;
  }

  /**
   * Staff or a captain of the entry's zone marks an assigned entry done or
   * missed; pending swaps of it lapse; a missed turn is a violation of its
   * vendor (discipline/). The vendor is locked before the entry, the order a
   * suspension takes them in.
   */
  async mark(id: string, status: 'done' | 'missed', actor: Actor): Promise<EntryView> {
    const entry = await this.entry(id);
    await this.assertZone(actor, entry.zoneId);
    const after = await this.transactions.write(async (tx) => {
      await this.vendors.get(entry.vendorId, tx, 'update');
      const before = await this.roster.find(id, tx, 'update');
      if (!before) throw notFound('roster entry', id);
      if (before.status !== 'assigned') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `this entry is already ${before.status}`);
      }
      const now = this.clock.now();
      const after: RosterEntry = { ...before, status, markedBy: actor.id, markedAt: now, updatedAt: now };
      if (!(await this.roster.update(tx, before, after)))
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this entry changed meanwhile');
      await this.roster.voidSwapsOf(tx, id, now);
      await this.audit.record(tx, actor, { action: `roster.entry.${status}`, entityType: 'roster_entry', entityId: id, before, after });
      if (status === 'missed') {
        const duty = (await this.duties.ofZone(before.zoneId, tx)).find((d) => d.id === before.dutyId);
        await this.discipline.recordAutomatic(
          tx,
          {
            vendorId: before.vendorId,
            zoneId: before.zoneId,
            type: 'missed_duty',
            occurredAt: now,
            sourceId: before.id,
            note: `missed duty ${duty?.name ?? ''} of ${before.date}`,
          },
          actor,
        );
      }
      return after;
    });
    return (await this.views([after]))[0];
  }

  /** Duties done and missed, per vendor (the vendor's record). */
  async of(vendorIds: string[]): Promise<Map<string, { served: number; missed: number }>> {
    return this.roster.recordsOf(vendorIds);
  }

  /** 404 for an unknown zone, then 403 unless staff or a captain of it with powers now. */
  async assertZone(actor: Actor, zoneId: string): Promise<void> {
    await this.zones.get(zoneId);
    await this.captains.assertManages(actor, zoneId);
  }

  /** A released claim's vendor leaves the turns still to do on that run; the next generation refills them. */
  private async takeOff(tx: Tx, released: ClaimFact[]): Promise<void> {
    for (const claim of released) {
      const entries = await this.roster.assignedOn(tx, claim.vendorId, claim.sessionId, claim.date);
      await this.roster.deleteMany(
        tx,
        entries.map((entry) => entry.id),
      );
    }
  }

  private async entriesOfZone(zoneId: string, from: string, to: string): Promise<EntryView[]> {
    return this.views(await this.roster.ofZone(zoneId, from, to));
  }

  async views(entries: RosterEntry[]): Promise<EntryView[]> {
    const duties = new Map<string, Duty>();
    for (const zoneId of new Set(entries.map((entry) => entry.zoneId))) {
      for (const duty of await this.duties.ofZone(zoneId)) duties.set(duty.id, duty);
    }
    const names = await this.vendors.names(entries.map((entry) => entry.vendorId));
    return entries.map((entry) => ({
      ...entry,
      dutyName: duties.get(entry.dutyId)?.name ?? '',
      vendorName: names.get(entry.vendorId) ?? '',
    }));
  }
}

import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { maskName } from '../common/masks.js';
import { ClaimsService } from '../claims/claims.service.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { DutiesService } from './duties.service.js';
import type { RosterEntry, RosterSwap } from './roster.js';
import { RosterRepository } from './roster.repository.js';

/** A neighbour as a vendor sees another on the same run: masked name, and the stall they hold that day. */
export interface Neighbour {
  vendorId: string;
  name: string;
  stallCode: string;
}

/** A turn's names as a phone shows them. */
type Labels = { dutyName: string; zoneName: string; sessionName: string };

/** A swap waiting for an answer, with what a phone shows of it. */
export interface SwapView {
  swap: RosterSwap;
  direction: 'incoming' | 'outgoing';
  entry: RosterEntry;
  dutyName: string;
  zoneName: string;
  sessionName: string;
  /** The other vendor: who asks (incoming) or who is asked (outgoing). */
  other: Neighbour;
}

/**
 * What the vendor app shows of swaps, so nobody types a vendor number: who may take a turn (the
 * vendors present on its run) and the swaps waiting for an answer. Vendors know each other at
 * the market by stall, so a neighbour is shown by stall code and masked name, as on the stall's
 * public page; nothing more of another vendor.
 */
@Injectable()
export class SwapBoard {
  constructor(
    private readonly roster: RosterRepository,
    private readonly duties: DutiesService,
    private readonly zones: ZonesService,
    private readonly schedule: ScheduleService,
    private readonly claims: ClaimsService,
    private readonly stalls: StallsService,
    private readonly vendors: VendorsService,
  ) {}

  /**
   * Who could take the caller's turn: every vendor with an active claim on its run, but the
   * caller and those already on this duty that day, by stall code. The request itself checks
   * again (someone may cancel meanwhile).
   */
  async candidates(entryId: string, actor: Actor): Promise<Neighbour[]> {
    const entry = await this.roster.find(entryId);
    if (!entry) throw notFound('roster entry', entryId);
    if (actor.role !== 'vendor' || entry.vendorId !== actor.id) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'only the vendor on this turn may ask to swap it');
    }
    const onDuty = new Set(
      (await this.roster.ofZone(entry.zoneId, entry.date, entry.date)).filter((e) => e.dutyId === entry.dutyId).map((e) => e.vendorId),
    );
    const present = (await this.neighbours(entry)).filter((n) => n.vendorId !== actor.id && !onDuty.has(n.vendorId));
    return present.sort((a, b) => a.stallCode.localeCompare(b.stallCode, 'zh-CN', { numeric: true }));
  }

  /** The swaps a vendor asked or was asked that wait for an answer, oldest first. */
  async pendingOf(vendorId: string): Promise<SwapView[]> {
    const swaps = await this.roster.pendingSwapsOf(vendorId);
    // Several swaps may concern one turn: each turn's run and names are read once.
    const turns = new Map<string, Promise<{ entry: RosterEntry; neighbours: Neighbour[]; labels: Labels } | null>>();
    const turnOf = (entryId: string) => {
      if (!turns.has(entryId)) {
        turns.set(
          entryId,
          this.roster
            .find(entryId)
            .then(async (entry) => (entry ? { entry, neighbours: await this.neighbours(entry), labels: await this.labels(entry) } : null)),
        );
      }
      return turns.get(entryId)!;
    };
    const views: SwapView[] = [];
    for (const swap of swaps) {
      const turn = await turnOf(swap.entryId);
      if (!turn) continue;
      const direction = swap.toVendorId === vendorId ? 'incoming' : 'outgoing';
      const otherId = direction === 'incoming' ? swap.fromVendorId : swap.toVendorId;
      // Someone no longer at the run (their claim cancelled) is still named, without a stall.
      const other = turn.neighbours.find((n) => n.vendorId === otherId) ?? {
        vendorId: otherId,
        name: maskName((await this.vendors.names([otherId])).get(otherId) ?? ''),
        stallCode: '',
      };
      views.push({ swap, direction, entry: turn.entry, ...turn.labels, other });
    }
    return views;
  }

  /** The words a swap request's notification needs: the turn's names, and who asks. */
  async describe(
    entry: RosterEntry,
    fromVendorId: string,
  ): Promise<{ dutyName: string; zoneName: string; sessionName: string; from: Neighbour }> {
    const from = (await this.neighbours(entry)).find((n) => n.vendorId === fromVendorId) ?? {
      vendorId: fromVendorId,
      name: '',
      stallCode: '',
    };
    return { ...(await this.labels(entry)), from };
  }

  /** The vendors present on the entry's run, each with the stall they hold. */
  private async neighbours(entry: RosterEntry): Promise<Neighbour[]> {
    const present = await this.claims.presentOnSession({
      zoneId: entry.zoneId,
      sessionId: entry.sessionId,
      from: entry.date,
      to: entry.date,
    });
    const codes = new Map((await this.stalls.allOfZone(entry.zoneId)).map((stall) => [stall.id, stall.code]));
    const names = await this.vendors.names(present.map((p) => p.vendorId));
    return present.map((p) => ({
      vendorId: p.vendorId,
      name: maskName(names.get(p.vendorId) ?? ''),
      stallCode: codes.get(p.stallId) ?? '',
    }));
  }

  private async labels(entry: RosterEntry): Promise<Labels> {
    const duty = (await this.duties.ofZone(entry.zoneId)).find((d) => d.id === entry.dutyId);
    const zone = await this.zones.forReading(entry.zoneId);
    const session = await this.schedule.findSession(entry.sessionId);
    return { dutyName: duty?.name ?? '', zoneName: zone.name, sessionName: session?.name ?? '' };
  }
}

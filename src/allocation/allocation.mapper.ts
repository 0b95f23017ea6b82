import { maskName, maskPhone } from '../common/masks.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import type { Vendor } from '../vendors/vendor.js';
import type { Offer, Round, RoundApplication } from './allocation.js';
import {
  ApplicationResponse,
  DrawPlace,
  OfferResponse,
  RoundResponse,
  RoundResultsResponse,
  WaitlistEntryResponse,
} from './dto/allocation.dto.js';
import type { PlaceInLine } from './waitlist.service.js';

export function toRoundResponse(round: Round, applications: number, timezone: string): RoundResponse {
  return {
    id: round.id,
    zoneId: round.zoneId,
    sessionId: round.sessionId,
    from: round.from,
    to: round.to,
    applyUntil: formatInstant(round.applyUntil, timezone),
    seedCommitment: round.seedCommitment,
    seed: round.seed,
    status: round.status,
    applications,
    drawnAt: round.drawnAt === null ? null : formatInstant(round.drawnAt, timezone),
    createdAt: formatInstant(round.createdAt, timezone),
  };
}

export function toApplicationResponse(application: RoundApplication): ApplicationResponse {
  return {
    id: application.id,
    roundId: application.roundId,
    vendorId: application.vendorId,
    ticket: application.ticket,
    category: application.category,
    createdAt: formatInstant(application.createdAt, DEFAULT_TIMEZONE),
  };
}

/** The public results: everything needed to recompute the draw, and no more of a vendor than a masked name and phone. */
export function toResults(
  round: Round,
  applications: RoundApplication[],
  vendors: ReadonlyMap<string, Vendor>,
  stallCodes: ReadonlyMap<string, string>,
  timezone: string,
): RoundResultsResponse {
  const order: DrawPlace[] = applications
    .filter((a) => a.position !== null)
    .sort((a, b) => a.position! - b.position!)
    .map((a) => {
      const vendor = vendors.get(a.vendorId);
      return {
        position: a.position!,
        ticket: a.ticket,
        name: maskName(vendor?.name ?? ''),
        phone: maskPhone(vendor?.phone ?? ''),
        priority: a.priority,
        category: a.category,
        result: a.result!,
        ...(a.stallId !== null ? { stallCode: stallCodes.get(a.stallId) ?? '' } : {}),
      };
    });
  return {
    roundId: round.id,
    seed: round.seed!,
    seedCommitment: round.seedCommitment,
    drawnAt: formatInstant(round.drawnAt!, timezone),
    order,
  };
}

export function toWaitlistResponse(entry: PlaceInLine): WaitlistEntryResponse {
  return {
    id: entry.id,
    zoneId: entry.zoneId,
    sessionId: entry.sessionId,
    date: entry.date,
    category: entry.category,
    position: entry.position,
    status: entry.status === 'offered' ? 'offered' : 'waiting',
    createdAt: formatInstant(entry.createdAt, DEFAULT_TIMEZONE),
  };
}

export function toOfferResponse(offer: Offer, stallCode: string, timezone: string, now: number): OfferResponse {
  return {
    id: offer.id,
    zoneId: offer.zoneId,
    sessionId: offer.sessionId,
    date: offer.date,
    stallId: offer.stallId,
    stallCode,
    source: offer.source,
    status: offer.status === 'open' && offer.expiresAt <= now ? 'expired' : offer.status,
    expiresAt: formatInstant(offer.expiresAt, timezone),
    claimId: offer.claimId,
    createdAt: formatInstant(offer.createdAt, timezone),
  };
}

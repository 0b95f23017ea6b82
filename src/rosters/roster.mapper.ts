import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import type { CaptainView } from './captains.service.js';
import { CaptainResponse, DutyResponse, PendingSwapResponse, RosterEntryResponse, SwapResponse } from './dto/roster.dto.js';
import type { Duty, RosterSwap } from './roster.js';
import type { EntryView } from './roster.service.js';
import type { SwapView } from './swap-board.service.js';

export function toDutyResponse(duty: Duty): DutyResponse {
  return {
    id: duty.id,
    zoneId: duty.zoneId,
    sessionId: duty.sessionId,
    name: duty.name,
    rrule: duty.rrule,
    headcount: duty.headcount,
    createdAt: formatInstant(duty.createdAt, DEFAULT_TIMEZONE),
  };
}

export function toEntryResponse(entry: EntryView): RosterEntryResponse {
  return {
    id: entry.id,
    zoneId: entry.zoneId,
    dutyId: entry.dutyId,
    name: entry.dutyName,
    sessionId: entry.sessionId,
    date: entry.date,
    vendorId: entry.vendorId,
    vendorName: entry.vendorName,
    status: entry.status,
    understaffed: entry.understaffed,
    swapped: entry.swapped,
  };
}

export function toSwapResponse(swap: RosterSwap): SwapResponse {
  return {
    id: swap.id,
    entryId: swap.entryId,
    fromVendorId: swap.fromVendorId,
    toVendorId: swap.toVendorId,
    status: swap.status,
    createdAt: formatInstant(swap.createdAt, DEFAULT_TIMEZONE),
  };
}

export function toCaptainResponse(captain: CaptainView): CaptainResponse {
  return {
    zoneId: captain.zoneId,
    vendorId: captain.vendorId,
    vendorName: captain.vendorName,
    active: captain.active,
    appointedAt: formatInstant(captain.appointedAt, DEFAULT_TIMEZONE),
  };
}

export function toPendingSwapResponse(view: SwapView): PendingSwapResponse {
  return {
    id: view.swap.id,
    direction: view.direction,
    entryId: view.entry.id,
    date: view.entry.date,
    dutyName: view.dutyName,
    zoneName: view.zoneName,
    sessionName: view.sessionName,
    other: view.other,
    createdAt: formatInstant(view.swap.createdAt, DEFAULT_TIMEZONE),
  };
}

/** Self-governance (摊主自治), as the rest of the service sees it (rosters/ owns the tables). */

/** A task the vendors of a zone take turns at, on the runs of one session its rule picks. */
export interface Duty {
  id: string;
  zoneId: string;
  sessionId: string;
  name: string;
  rrule: string;
  headcount: number;
  /** Where the rule counts from (the session's validFrom): its phase and defaults (BYDAY of WEEKLY…) come from there. */
  anchorDate: string;
  createdBy: string | null;
  createdAt: number;
}

export type EntryStatus = 'assigned' | 'done' | 'missed';
export const ENTRY_STATUSES: readonly EntryStatus[] = ['assigned', 'done', 'missed'];

/** One vendor on one duty occurrence. */
export interface RosterEntry {
  id: string;
  zoneId: string;
  dutyId: string;
  sessionId: string;
  date: string;
  vendorId: string;
  status: EntryStatus;
  /** Moved to this vendor by a swap: a regeneration keeps it. */
  swapped: boolean;
  /** Fewer vendors were present than the duty needs. */
  understaffed: boolean;
  markedBy: string | null;
  markedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type SwapStatus = 'pending' | 'accepted' | 'void';
export const SWAP_STATUSES: readonly SwapStatus[] = ['pending', 'accepted', 'void'];

export interface RosterSwap {
  id: string;
  entryId: string;
  fromVendorId: string;
  toVendorId: string;
  status: SwapStatus;
  createdAt: number;
  decidedAt: number | null;
}

export interface Captain {
  zoneId: string;
  vendorId: string;
  appointedBy: string | null;
  appointedAt: number;
}

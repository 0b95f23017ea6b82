/** A vendor's hold on a slot (stall, session, date), as the rest of the service sees it (claims/ owns the table). */
export type ClaimStatus = 'confirmed' | 'checked_in' | 'cancelled' | 'cancelled_by_market' | 'no_show';
export const CLAIM_STATUSES: readonly ClaimStatus[] = ['confirmed', 'checked_in', 'cancelled', 'cancelled_by_market', 'no_show'];
/** Active: the claim holds its slot. The one definition; claims.repository.ts derives its SQL from it. */
export const ACTIVE_STATUSES: readonly ClaimStatus[] = ['confirmed', 'checked_in'];
/** How a claim came to be: the vendor's own, a staff assignment, a lottery win, an accepted waitlist offer. */
export type ClaimSource = 'claim' | 'assignment' | 'lottery' | 'offer';
export const CLAIM_SOURCES: readonly ClaimSource[] = ['claim', 'assignment', 'lottery', 'offer'];

export interface Claim {
  id: string;
  vendorId: string;
  stallId: string;
  sessionId: string;
  zoneId: string;
  date: string;
  /** The occurrence's instants, epoch ms, stored so that overlap and range checks are index scans. */
  startAt: number;
  endAt: number;
  status: ClaimStatus;
  source: ClaimSource;
  createdAt: number;
  updatedAt: number;
  checkedInAt: number | null;
  cancelledAt: number | null;
}

/** Which runs of a session to ask about: dates in [from, to], optionally of one vendor. */
export interface SessionDates {
  zoneId: string;
  sessionId: string;
  from: string;
  to: string;
  vendorId?: string;
}

/** A vendor with an active claim on a run: there that day, at that stall. */
export interface Presence {
  date: string;
  vendorId: string;
  stallId: string;
}

/** Claim counts of one run, for the occupancy report. */
export interface OccupancyCounts {
  zoneId: string;
  sessionId: string;
  date: string;
  /** Claims that held the stall: confirmed, checked in or no-show. */
  claimed: number;
  checkedIn: number;
  /** Stored no-shows, and confirmed claims whose run has ended. */
  noShow: number;
  /** Cancelled by the vendor, staff or the market. */
  cancelled: number;
}

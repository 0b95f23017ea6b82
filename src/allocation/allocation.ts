import type { StallCategory } from '../stalls/stall.js';

/**
 * Fair allocation (抽签 / 候补), as the rest of the service sees it
 * (allocation/ owns the tables): lottery rounds for a session over a period,
 * the vendors' applications to them, waitlists for one run, and the offers
 * of a freed stall made from both.
 */
export type RoundStatus = 'open' | 'drawn';
export const ROUND_STATUSES: readonly RoundStatus[] = ['open', 'drawn'];

export interface Round {
  id: string;
  zoneId: string;
  sessionId: string;
  from: string;
  to: string;
  /** Applications are taken until this instant (and not after the draw). */
  applyUntil: number;
  /** SHA-256 (hex) of the secret seed, published before applications close. */
  seedCommitment: string;
  /** Revealed at the draw. */
  seed: string | null;
  status: RoundStatus;
  drawnAt: number | null;
  drawnBy: string | null;
  createdBy: string | null;
  createdAt: number;
}

export type DrawResult = 'won' | 'waitlisted';
export const DRAW_RESULTS: readonly DrawResult[] = ['won', 'waitlisted'];

export interface RoundApplication {
  id: string;
  roundId: string;
  vendorId: string;
  /** 1, 2, 3… in the order the applications came in: the draw's input order, public in the results. */
  ticket: number;
  category: StallCategory;
  /** In a priority group when the round was drawn. */
  priority: boolean;
  /** 1-based place in the draw order, once drawn. */
  position: number | null;
  result: DrawResult | null;
  stallId: string | null;
  createdAt: number;
}

export type WaitlistStatus = 'waiting' | 'offered' | 'accepted' | 'passed' | 'left';

/** A vendor waiting for a stall of a category on one run of a session. */
export interface WaitlistEntry {
  id: string;
  zoneId: string;
  sessionId: string;
  date: string;
  vendorId: string;
  category: StallCategory;
  status: WaitlistStatus;
  createdAt: number;
  updatedAt: number;
}

export type OfferStatus = 'open' | 'accepted' | 'expired' | 'declined';
export const OFFER_STATUSES: readonly OfferStatus[] = ['open', 'accepted', 'expired', 'declined'];
/** Whom an offer was made from: a round's waitlist (an application) or a run's waitlist (an entry). */
export type OfferSource = 'round' | 'waitlist';

/** A freed stall on one run, held for one vendor until it expires. */
export interface Offer {
  id: string;
  vendorId: string;
  zoneId: string;
  sessionId: string;
  date: string;
  stallId: string;
  source: OfferSource;
  sourceId: string;
  status: OfferStatus;
  expiresAt: number;
  remindedAt: number | null;
  claimId: string | null;
  createdAt: number;
  decidedAt: number | null;
}

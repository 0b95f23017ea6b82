import type { Tx } from '../../database/transactions.js';

/**
 * Whether a freed slot is held for a vendor by an open waitlist offer, asked
 * by the claim rules (claims/ sits below allocation/, which implements it):
 * while the offer runs, the slot is SLOT_TAKEN for everyone else.
 */
export abstract class SlotHolds {
  /** The vendor an unexpired offer holds the slot for, or null. */
  abstract heldFor(tx: Tx, slot: { stallId: string; sessionId: string; date: string }, now: number): Promise<string | null>;
}

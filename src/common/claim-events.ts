import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions.js';

/** A claim as the modules listening to its events see it. */
export interface ClaimFact {
  id: string;
  vendorId: string;
  zoneId: string;
  stallId: string;
  sessionId: string;
  date: string;
  startAt: number;
  endAt: number;
}

export type ClaimListener = (tx: Tx, claims: ClaimFact[]) => Promise<void>;

/**
 * What else must happen, in the same transaction, when claims change in ways
 * other modules care about — told by claims/ (the one place claims change)
 * to the modules above it that registered here, so claims need not know who
 * listens:
 * - released: a claim stopped holding its slot (cancelled by its vendor, by
 *   staff or by the market): rosters take the vendor off that run's turns,
 *   allocation offers the stall to the next in line;
 * - noShow: a claim's run ended without a check-in: discipline records it.
 */
@Injectable()
export class ClaimEvents {
  private readonly releasedListeners: ClaimListener[] = [];
  private readonly noShowListeners: ClaimListener[] = [];

  onReleased(listener: ClaimListener): void {
    this.releasedListeners.push(listener);
  }

  onNoShow(listener: ClaimListener): void {
    this.noShowListeners.push(listener);
  }

  async released(tx: Tx, claims: ClaimFact[]): Promise<void> {
    if (claims.length === 0) return;
    for (const listener of this.releasedListeners) await listener(tx, claims);
  }

  async noShow(tx: Tx, claims: ClaimFact[]): Promise<void> {
    if (claims.length === 0) return;
    for (const listener of this.noShowListeners) await listener(tx, claims);
  }
}

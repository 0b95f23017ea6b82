import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions.js';

/** A claim that stopped holding its slot: cancelled by its vendor, by staff or by the market. */
export interface ReleasedClaim {
  id: string;
  vendorId: string;
  zoneId: string;
  stallId: string;
  sessionId: string;
  date: string;
}

export type ReleaseListener = (tx: Tx, released: ReleasedClaim[]) => Promise<void>;

/**
 * What else must happen, in the same transaction, when claims are released —
 * told by claims/ (the one place claims are cancelled) to the modules above
 * it that registered here (rosters take the vendor off that day's duties).
 * Declared low so that claims need not know who listens.
 */
@Injectable()
export class ClaimReleases {
  private readonly listeners: ReleaseListener[] = [];

  listen(listener: ReleaseListener): void {
    this.listeners.push(listener);
  }

  async released(tx: Tx, claims: ReleasedClaim[]): Promise<void> {
    if (claims.length === 0) return;
    for (const listener of this.listeners) await listener(tx, claims);
  }
}

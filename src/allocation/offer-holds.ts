import { Injectable } from '@nestjs/common';
import { SlotHolds } from '../common/ports/slot-holds.js';
import type { Tx } from '../database/transactions.js';
import { OffersRepository } from './offers.repository.js';

/**
 * The claim rules' question "is this slot held for someone?", answered from
 * the open offers alone — apart from OffersService, which itself makes
 * claims through the claim rules.
 */
@Injectable()
export class OfferHolds extends SlotHolds {
  constructor(private readonly offers: OffersRepository) {
    super();
  }

  async heldFor(tx: Tx, slot: { stallId: string; sessionId: string; date: string }, now: number): Promise<string | null> {
    return (await this.offers.holding(tx, slot.stallId, slot.sessionId, slot.date, now))?.vendorId ?? null;
  }
}

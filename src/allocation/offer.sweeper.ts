import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { OffersService } from './offers.service.js';

/** Every 30 s: offers past their time expire and pass on; vendors whose offers are about to expire are reminded. */
@Injectable()
export class OfferSweeper {
  private readonly logger = new Logger('OfferSweeper');

  constructor(private readonly offers: OffersService) {}

  @Interval(30_000)
  async tick(): Promise<void> {
    try {
      await this.offers.expireDue();
      await this.offers.remindDue();
    } catch (error) {
      this.logger.warn(`offer sweep failed, will retry: ${(error as Error).message}`);
    }
  }
}

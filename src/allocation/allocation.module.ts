import { Global, Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { SlotHolds } from '../common/ports/slot-holds.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StallsModule } from '../stalls/stalls.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { OfferHolds } from './offer-holds.js';
import { OfferSweeper } from './offer.sweeper.js';
import { OffersRepository } from './offers.repository.js';
import { OffersService } from './offers.service.js';
import { RoundsController } from './rounds.controller.js';
import { RoundsRepository } from './rounds.repository.js';
import { RoundsService } from './rounds.service.js';
import { WaitlistController } from './waitlist.controller.js';
import { WaitlistRepository } from './waitlist.repository.js';
import { WaitlistService } from './waitlist.service.js';

/**
 * Fair allocation (抽签 / 候补): lottery rounds, waitlists and the offers of
 * freed stalls. Global only for the SlotHolds port, which the claim rules
 * (claims/, below) ask without importing this module.
 */
@Global()
@Module({
  imports: [ZonesModule, StallsModule, SessionsModule, VendorsModule, ClaimsModule],
  controllers: [RoundsController, WaitlistController],
  providers: [
    RoundsService,
    WaitlistService,
    OffersService,
    OfferSweeper,
    RoundsRepository,
    WaitlistRepository,
    OffersRepository,
    OfferHolds,
    { provide: SlotHolds, useExisting: OfferHolds },
  ],
  exports: [SlotHolds],
})
export class AllocationModule {}

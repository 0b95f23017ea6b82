import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { FeedbackModule } from '../feedback/feedback.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StallsModule } from '../stalls/stalls.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { PublicController } from './public.controller.js';
import { PublicService } from './public.service.js';

/** The residents' side: reads only, no tables of its own. */
@Module({
  imports: [ZonesModule, SessionsModule, StallsModule, ClaimsModule, VendorsModule, FeedbackModule],
  controllers: [PublicController],
  providers: [PublicService],
})
export class PublicModule {}

import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StallsModule } from '../stalls/stalls.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';
import { ClaimPolicy } from './claim-policy.service.js';
import { ClaimsController } from './claims.controller.js';
import { ClaimsRepository } from './claims.repository.js';
import { ClaimsService } from './claims.service.js';
import { ClaimSweeper } from './claim.sweeper.js';
import { SlotsController } from './slots.controller.js';
import { SlotsService } from './slots.service.js';

@Module({
  imports: [ZonesModule, StallsModule, SessionsModule, VendorsModule],
  controllers: [ClaimsController, SlotsController, AssignmentsController],
  providers: [ClaimsService, ClaimsRepository, ClaimPolicy, SlotsService, AssignmentsService, ClaimSweeper],
  exports: [ClaimsService],
})
export class ClaimsModule {}

import { Global, Module } from '@nestjs/common';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StallsModule } from '../stalls/stalls.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';
import { ClaimHoldsService } from './claim-holds.service.js';
import { ClaimPolicy } from './claim-policy.service.js';
import { ClaimSweeper } from './claim.sweeper.js';
import { ClaimsController } from './claims.controller.js';
import { ClaimsRepository } from './claims.repository.js';
import { ClaimsService } from './claims.service.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { SlotsController } from './slots.controller.js';
import { SlotsService } from './slots.service.js';

/**
 * Global only for the ClaimHolds port: the modules below claims (zones,
 * sessions, vendors) take it without importing this module (that would be a
 * cycle). Everything else of claims stays inside.
 */
@Global()
@Module({
  imports: [ZonesModule, StallsModule, SessionsModule, VendorsModule],
  controllers: [ClaimsController, SlotsController, AssignmentsController],
  providers: [
    ClaimsService,
    ClaimsRepository,
    IdempotencyRepository,
    ClaimPolicy,
    SlotsService,
    AssignmentsService,
    ClaimSweeper,
    { provide: ClaimHolds, useClass: ClaimHoldsService },
  ],
  exports: [ClaimHolds, ClaimsService],
})
export class ClaimsModule {}

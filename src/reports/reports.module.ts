import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { FeedbackModule } from '../feedback/feedback.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StallsModule } from '../stalls/stalls.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CockpitService } from './cockpit.service.js';
import { OccupancyService } from './occupancy.service.js';
import { ReportsController } from './reports.controller.js';
import { SignsController } from './signs.controller.js';

/** Staff reports and printouts over the other modules' data (occupancy, the cockpit, stall signs); owns no table. */
@Module({
  imports: [ZonesModule, StallsModule, SessionsModule, ClaimsModule, FeedbackModule],
  controllers: [ReportsController, SignsController],
  providers: [OccupancyService, CockpitService],
})
export class ReportsModule {}

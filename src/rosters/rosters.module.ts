import { Global, Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { DutyRecord } from '../common/ports/duty-record.js';
import { DisciplineModule } from '../discipline/discipline.module.js';
import { ZoneCaptains } from '../common/ports/zone-captains.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StallsModule } from '../stalls/stalls.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CaptainsController } from './captains.controller.js';
import { CaptainsRepository } from './captains.repository.js';
import { CaptainsService } from './captains.service.js';
import { DutiesRepository } from './duties.repository.js';
import { DutiesService } from './duties.service.js';
import { RosterRepository } from './roster.repository.js';
import { RosterService } from './roster.service.js';
import { RostersController } from './rosters.controller.js';
import { SwapBoard } from './swap-board.service.js';
import { SwapsService } from './swaps.service.js';

/**
 * Self-governance (摊主自治): duties, rosters, swaps and captains. Global only
 * for its two ports, which modules below it take without importing it:
 * DutyRecord (vendors/ shows duties served and missed) and ZoneCaptains
 * (feedback/ lets a zone's captains read its feedback).
 */
@Global()
@Module({
  imports: [ZonesModule, StallsModule, SessionsModule, VendorsModule, ClaimsModule, DisciplineModule],
  controllers: [RostersController, CaptainsController],
  providers: [
    DutiesService,
    RosterService,
    SwapsService,
    SwapBoard,
    CaptainsService,
    DutiesRepository,
    RosterRepository,
    CaptainsRepository,
    { provide: DutyRecord, useExisting: RosterService },
    { provide: ZoneCaptains, useExisting: CaptainsService },
  ],
  exports: [DutyRecord, ZoneCaptains],
})
export class RostersModule {}

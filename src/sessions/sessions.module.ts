import { Global, Module } from '@nestjs/common';
import { ZoneTimezoneHistory } from '../common/ports/zone-timezone.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CancellationsRepository } from './cancellations.repository.js';
import { ClosuresController } from './closures.controller.js';
import { ClosuresRepository } from './closures.repository.js';
import { ClosuresService } from './closures.service.js';
import { ScheduleService } from './schedule.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { TimingHistory } from './timing-history.js';

/** Global only for the ZoneTimezoneHistory port, which zones/ (below sessions) takes without importing this module. */
@Global()
@Module({
  imports: [ZonesModule],
  controllers: [SessionsController, ClosuresController],
  providers: [
    SessionsService,
    ScheduleService,
    SessionsRepository,
    CancellationsRepository,
    ClosuresService,
    ClosuresRepository,
    TimingHistory,
    { provide: ZoneTimezoneHistory, useExisting: TimingHistory },
  ],
  exports: [ScheduleService, ZoneTimezoneHistory],
})
export class SessionsModule {}

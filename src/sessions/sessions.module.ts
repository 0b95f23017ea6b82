import { Module } from '@nestjs/common';
import { ZonesModule } from '../zones/zones.module.js';
import { CancellationsRepository } from './cancellations.repository.js';
import { ScheduleService } from './schedule.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [ZonesModule],
  controllers: [SessionsController],
  providers: [SessionsService, ScheduleService, SessionsRepository, CancellationsRepository],
  exports: [ScheduleService],
})
export class SessionsModule {}

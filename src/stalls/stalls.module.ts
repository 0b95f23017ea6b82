import { Module } from '@nestjs/common';
import { ZonesModule } from '../zones/zones.module.js';
import { StallsController } from './stalls.controller.js';
import { StallsRepository } from './stalls.repository.js';
import { StallsService } from './stalls.service.js';

@Module({
  imports: [ZonesModule],
  controllers: [StallsController],
  providers: [StallsService, StallsRepository],
  exports: [StallsService],
})
export class StallsModule {}

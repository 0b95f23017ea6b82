import { Module } from '@nestjs/common';
import { ZonesModule } from '../zones/zones.module.js';
import { StallsController } from './stalls.controller.js';
import { StallsService } from './stalls.service.js';

@Module({
  imports: [ZonesModule],
  controllers: [StallsController],
  providers: [StallsService],
  exports: [StallsService],
})
export class StallsModule {}

import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthRepository } from './health.repository.js';
import { RootController } from './root.controller.js';
import { WriteQueueMetrics } from './write-queue.metrics.js';

@Module({
  controllers: [HealthController, RootController],
  providers: [HealthRepository, WriteQueueMetrics],
})
export class HealthModule {}

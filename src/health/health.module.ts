import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthRepository } from './health.repository.js';
import { WriteQueueMetrics } from './write-queue.metrics.js';

@Module({
  controllers: [HealthController],
  providers: [HealthRepository, WriteQueueMetrics],
})
export class HealthModule {}

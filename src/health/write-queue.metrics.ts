import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service.js';
import { HealthRepository } from './health.repository.js';

/** The write queue's depth as a gauge: writes piling up show a database falling behind before requests fail. */
@Injectable()
export class WriteQueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly probes: HealthRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('db_write_queue_depth', 'Write transactions waiting for the SQLite writer (0 on PostgreSQL)', () =>
      this.probes.pendingWrites(),
    );
  }
}

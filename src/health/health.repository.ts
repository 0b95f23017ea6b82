import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';

/** The health checks' own statements: they touch no table of another module. */
@Injectable()
export class HealthRepository {
  constructor(private readonly db: Database) {}

  async ping(): Promise<void> {
    await this.db.reader.get('SELECT 1 AS one');
  }
}

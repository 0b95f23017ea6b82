import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Database } from '../database/database.service.js';

/**
 * Bytes each probe writes. When the disk fills, a failed commit leaves the
 * space its frames took in SQLite's WAL, where a small write (a one-column
 * update) still fits while the next claim no longer does; the probe writes
 * more than several claims' transactions (each with its audit entry and index
 * entries), so it fails when they would.
 */
const PROBE_BYTES = 128 * 1024;

/** The only code that speaks SQL to `health_probes`; also the plain reachability check. */
@Injectable()
export class HealthRepository {
  constructor(private readonly db: Database) {}

  async ping(): Promise<void> {
    await this.db.reader.get('SELECT 1 AS one');
  }

  /** A real write through the write path (queue, transaction, commit): fails when the database cannot take one. */
  async probeWrite(now: number): Promise<void> {
    const payload = randomBytes(PROBE_BYTES / 2).toString('hex');
    await this.db.write((tx) => tx.run('UPDATE health_probes SET at = ?, payload = ? WHERE id = 1', [now, payload]));
  }

  /** Writes waiting for the database (SQLite's queue), for the metrics. */
  pendingWrites(): number {
    return this.db.pendingWrites();
  }
}

import { Injectable } from '@nestjs/common';
import { Database } from './database.service.js';
import type { Sql } from './sql.js';

/** A write transaction, handed to repositories: services pass it along and never run SQL on it. */
export type Tx = Sql;

/**
 * A row lock of the one write rule (README, "How writes serialize"): a write
 * that depends on a row another request may change reads it with `share`; a
 * write that changes such a row reads it first with `update`.
 */
export type RowLock = 'share' | 'update';

/**
 * How services open a write transaction and group several repositories' writes
 * in it. Services get this, never `Database`: only repositories speak SQL.
 */
@Injectable()
export class Transactions {
  constructor(private readonly db: Database) {}

  write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.write(work);
  }

  /** Runs `work` so that its failure undoes only its own statements (one row of a batch). */
  savepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
    return this.db.savepoint(tx, work);
  }
}

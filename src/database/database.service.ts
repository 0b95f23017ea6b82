import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type Sqlite from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { isTransient, isUnavailable } from './db-errors.js';
import { Dialect, postgresSql, Sql, sqliteSql } from './sql.js';
import { SqliteWriteQueue, WriteWork } from './sqlite-write-queue.js';
import { TableChanges } from './table-changes.js';
import type { RowLock } from './transactions.js';

const POSTGRES_ATTEMPTS = 5;

/**
 * The one door to the database, used only by repositories. Reads go through
 * `reader`; every write goes through `write()`, which on SQLite is the FIFO
 * write queue (all writes of the process, one transaction at a time) and on
 * PostgreSQL a READ COMMITTED transaction retried on serialization failures
 * and deadlocks. How a write that depends on other rows serializes against
 * the writes that change them is `lockClause` below (README: "How writes
 * serialize").
 */
@Injectable()
export class Database implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  readonly dialect: Dialect;
  readonly reader: Sql;
  private readonly queue?: SqliteWriteQueue;
  private savepoints = 0;

  constructor(
    /** The writer DataSource: migrations and schema checks; repositories never see it. */
    readonly writer: DataSource,
    private readonly readerSource: DataSource,
    private readonly beforeClose?: () => Promise<void>,
  ) {
    this.dialect = writer.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.changes = new TableChanges(this.dialect === 'postgres');
    if (this.dialect === 'sqlite') {
      this.reader = sqliteSql(connectionOf(readerSource));
      this.queue = new SqliteWriteQueue(connectionOf(writer));
    } else {
      this.reader = postgresSql(readerSource.manager);
    }
  }

  /** What this process's writes have changed, per table (for read models kept in memory). */
  readonly changes: TableChanges;

  write<T>(work: WriteWork<T>): Promise<T> {
    let settled: (() => void)[] = [];
    const tracked: WriteWork<T> = (sql) => {
      const { tx, settled: done } = this.changes.tracking(sql);
      settled.push(done);
      return work(tx);
    };
    const written = this.queue ? this.queue.run(tracked).catch(asServiceError) : this.writePostgres(tracked);
    // After COMMIT (or the rollback): a reader that sees the counters move reads the committed rows.
    const raise = () => {
      for (const done of settled) done();
      settled = [];
    };
    return written.finally(raise);
  }

  /**
   * Runs `work` inside a savepoint of the caller's transaction, so that a
   * failed statement (a constraint refusing one row of many) can be undone
   * alone; PostgreSQL would otherwise abort the whole transaction.
   */
  async savepoint<T>(tx: Sql, work: () => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepoints}`;
    await tx.run(`SAVEPOINT ${name}`);
    try {
      const value = await work();
      await tx.run(`RELEASE SAVEPOINT ${name}`);
      return value;
    } catch (error) {
      await tx.run(`ROLLBACK TO SAVEPOINT ${name}`);
      await tx.run(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  }

  /** Write jobs waiting for the SQLite write queue (0 on PostgreSQL, where the pool queues). */
  pendingWrites(): number {
    return this.queue?.depth() ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.idle();
    await this.beforeClose?.();
    for (const source of new Set([this.writer, this.readerSource])) {
      if (source.isInitialized) await source.destroy();
    }
    this.logger.log('database closed');
  }

  private async writePostgres<T>(work: WriteWork<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writer.transaction('READ COMMITTED', (em) => work(postgresSql(em)));
      } catch (error) {
        if (!isTransient(error) || attempt >= POSTGRES_ATTEMPTS) asServiceError(error);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}

/**
 * The row-lock suffix of the one write rule, for `SELECT … WHERE id = ?`:
 * a write that depends on a row another request may change reads it with
 * `share`; a write that changes such a row reads it first with `update`.
 * On SQLite every write already runs alone (the write queue), so there is
 * nothing to lock.
 */
export function lockClause(dialect: Dialect, lock: RowLock | undefined): string {
  if (dialect === 'sqlite' || lock === undefined) return '';
  return lock === 'update' ? ' FOR UPDATE' : ' FOR SHARE';
}

function connectionOf(source: DataSource): Sqlite.Database {
  return (source.driver as unknown as { databaseConnection: Sqlite.Database }).databaseConnection;
}

/**
 * A write that could not get the database (busy past its timeout, connection
 * refused or lost, disk full) is the client's to retry: 503 with Retry-After,
 * not a 500.
 */
export function asServiceError(error: unknown): never {
  if (isTransient(error) || isUnavailable(error)) throw serviceUnavailable();
  throw error;
}

export function serviceUnavailable(): DomainError {
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'the database is unavailable, retry shortly', { 'Retry-After': '1' });
}

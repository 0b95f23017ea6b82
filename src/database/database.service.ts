import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { isTransient } from './db-errors.js';
import { postgresSql, Sql, sqliteSql } from './sql.js';
import { SqliteWriteQueue, WriteWork } from './sqlite-write-queue.js';
import type SqliteConnection from 'better-sqlite3';

const POSTGRES_ATTEMPTS = 5;

/**
 * The one door to the database. Reads go through `reader`; every write goes
 * through `write()`, which on SQLite is the FIFO write queue and on PostgreSQL
 * a READ COMMITTED transaction retried on serialization failures and deadlocks.
 *
 * Services get this instead of injected repositories: a write through a plain
 * repository would bypass the queue and interleave with a running transaction
 * on SQLite's single connection.
 */
@Injectable()
export class Database implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  readonly kind: 'sqlite' | 'postgres';
  readonly reader: EntityManager;
  private readonly queue?: SqliteWriteQueue;
  private savepoints = 0;
  private readonly sqliteRunners = new Map<DataSource, Sql>();

  constructor(
    readonly writer: DataSource,
    readerSource: DataSource,
    private readonly beforeClose?: () => Promise<void>,
  ) {
    this.kind = writer.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.reader = readerSource.manager;
    if (this.kind === 'sqlite') this.queue = new SqliteWriteQueue(writer);
  }

  /** Plain SQL on `em` (a write job's manager, or `reader`): see sql.ts. */
  sql(em: EntityManager): Sql {
    if (this.kind === 'postgres') return postgresSql(em);
    const source = em.connection;
    let sql = this.sqliteRunners.get(source);
    if (!sql) {
      sql = sqliteSql((source.driver as unknown as { databaseConnection: SqliteConnection.Database }).databaseConnection);
      this.sqliteRunners.set(source, sql);
    }
    return sql;
  }

  write<T>(work: WriteWork<T>): Promise<T> {
    return this.queue ? this.queue.run(work).catch(busyToUnavailable) : this.writePostgres(work);
  }

  /**
   * Runs `work` inside a savepoint of the caller's transaction, so that a
   * failed statement (a constraint refusing one row of many) can be undone
   * alone; PostgreSQL would otherwise abort the whole transaction.
   */
  async savepoint<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepoints}`;
    await em.query(`SAVEPOINT ${name}`);
    try {
      const value = await work();
      await em.query(`RELEASE SAVEPOINT ${name}`);
      return value;
    } catch (error) {
      await em.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await em.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  }

  async ping(): Promise<void> {
    await this.reader.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.idle();
    await this.beforeClose?.();
    const sources = new Set([this.writer, this.reader.connection]);
    for (const source of sources) {
      if (source.isInitialized) await source.destroy();
    }
    this.logger.log('database closed');
  }

  private async writePostgres<T>(work: WriteWork<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writer.transaction('READ COMMITTED', work);
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (attempt >= POSTGRES_ATTEMPTS) throw busyToUnavailable(error);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}

/** A write that could not get the database in time is the client's to retry, not a 500. */
function busyToUnavailable(error: unknown): never {
  if (isTransient(error)) {
    throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'the database is busy, retry shortly', {
      'Retry-After': '1',
    });
  }
  throw error;
}

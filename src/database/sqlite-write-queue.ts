import type Sqlite from 'better-sqlite3';
import { prepared, Sql, sqliteSql } from './sql.js';

/** A write transaction's work: statements on `tx` only (see below). */
export type WriteWork<T> = (tx: Sql) => Promise<T>;

interface Job {
  work: WriteWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
type Control = (sql: string) => void;

/**
 * Runs SQLite write transactions one at a time, in arrival order.
 *
 * TypeORM's SQLite drivers share one connection, so two transactions running
 * at once interleave their statements and nest as savepoints of each other
 * (typeorm#8668, #10372); PITFALLS.md measured lost acknowledged writes that
 * way. Every write goes through this queue instead.
 *
 * Group commit: the jobs that queued up while the previous transaction was
 * running share the next one, each inside its own SAVEPOINT, so one fsync
 * (synchronous=FULL) serves many acknowledged writes. A job that fails rolls
 * back to its savepoint only; the others commit. No promise settles before
 * COMMIT returns, so nothing is acknowledged before it is durable.
 *
 * Jobs must only touch the database: awaiting other I/O inside a job would
 * hold the write lock for that long.
 */
export class SqliteWriteQueue {
  private pending: Job[] = [];
  private running = false;
  private scheduled = false;
  private readonly tx: Sql;
  private readonly control: Control;

  constructor(
    connection: Sqlite.Database,
    private readonly maxBatch = 64,
  ) {
    this.tx = sqliteSql(connection);
    // Transaction control on the same connection and statement cache as the jobs' statements;
    // synchronous, so that a failed BEGIN or COMMIT throws here.
    this.control = (sql) => void prepared(connection, sql).run();
  }

  run<T>(work: WriteWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.kick();
    });
  }

  /** Jobs waiting for their turn (not counting the batch running now). */
  depth(): number {
    return this.pending.length;
  }

  /** Resolves once every queued job has settled. */
  async idle(): Promise<void> {
    while (this.running || this.scheduled || this.pending.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * One batch per turn of the event loop: the requests that arrived meanwhile
   * (and the callers whose previous write just settled) join the next batch.
   */
  private kick(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.running || this.pending.length === 0) return;
    this.running = true;
    try {
      await this.runBatch(this.pending.splice(0, this.maxBatch));
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.kick();
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const control = this.control;
    try {
      // IMMEDIATE takes the write lock now, so another process (a backup, a
      // report) makes us wait busy_timeout instead of failing mid-transaction.
      control('BEGIN IMMEDIATE');
    } catch (error) {
      batch.forEach((job) => job.reject(error));
      return;
    }
    if (batch.length === 1) {
      await this.runAlone(batch[0], control);
      return;
    }
    const outcomes = await this.runInSavepoints(batch, control);
    if (this.commit(control, batch)) {
      outcomes.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.error)));
    }
  }

  /** A batch of one needs no savepoint: on failure the whole transaction rolls back. */
  private async runAlone(job: Job, control: Control): Promise<void> {
    let value: unknown;
    try {
      value = await job.work(this.tx);
    } catch (error) {
      control('ROLLBACK');
      job.reject(error);
      return;
    }
    if (this.commit(control, [job])) job.resolve(value);
  }

  private commit(control: Control, batch: Job[]): boolean {
    try {
      control('COMMIT');
      return true;
    } catch (error) {
      try {
        control('ROLLBACK');
      } catch {
        // Already rolled back by SQLite.
      }
      batch.forEach((job) => job.reject(error));
      return false;
    }
  }

  private async runInSavepoints(batch: Job[], control: Control): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const job of batch) {
      control('SAVEPOINT job');
      try {
        const value = await job.work(this.tx);
        control('RELEASE job');
        outcomes.push({ ok: true, value });
      } catch (error) {
        control('ROLLBACK TO job');
        control('RELEASE job');
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}

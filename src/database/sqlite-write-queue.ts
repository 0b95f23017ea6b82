import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type WriteWork<T> = (manager: EntityManager) => Promise<T>;

interface Job {
  work: WriteWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

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
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch = 64,
  ) {}

  run<T>(work: WriteWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the requests that arrived in this turn of the event loop join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once every queued job has settled. */
  async idle(): Promise<void> {
    while (this.draining) await new Promise((resolve) => setImmediate(resolve));
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      // IMMEDIATE takes the write lock now, so another process (a backup, a
      // report) makes us wait busy_timeout instead of failing mid-transaction.
      await runner.query('BEGIN IMMEDIATE');
    } catch (error) {
      batch.forEach((job) => job.reject(error));
      return;
    }
    if (batch.length === 1) {
      await this.runAlone(batch[0], runner);
      return;
    }
    const outcomes = await this.runInSavepoints(batch, runner);
    if (await this.commit(runner, batch)) {
      outcomes.forEach((outcome, i) =>
        outcome.ok ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.error),
      );
    }
  }

  /** A batch of one needs no savepoint: on failure the whole transaction rolls back. */
  private async runAlone(job: Job, runner: QueryRunner): Promise<void> {
    let value: unknown;
    try {
      value = await job.work(runner.manager);
    } catch (error) {
      await runner.query('ROLLBACK');
      job.reject(error);
      return;
    }
    if (await this.commit(runner, [job])) job.resolve(value);
  }

  private async commit(runner: QueryRunner, batch: Job[]): Promise<boolean> {
    try {
      await runner.query('COMMIT');
      return true;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      batch.forEach((job) => job.reject(error));
      return false;
    }
  }

  private async runInSavepoints(batch: Job[], runner: QueryRunner): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const job of batch) {
      await runner.query('SAVEPOINT job');
      try {
        const value = await job.work(runner.manager);
        await runner.query('RELEASE job');
        outcomes.push({ ok: true, value });
      } catch (error) {
        await runner.query('ROLLBACK TO job');
        await runner.query('RELEASE job');
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }
}

import { Memo } from '../common/memo.js';
import type { Sql } from './sql.js';

/** The tables a statement writes: `INSERT INTO t`, `UPDATE t`, `DELETE FROM t` (an upsert's `DO UPDATE SET` adds a harmless "SET"). */
const WRITES = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/gi;
const TEXTS = 1_000;

/**
 * On PostgreSQL other instances write too, and this process does not see their writes: a read
 * model built here is used for at most this long, so an answer lags another instance's write by
 * at most about a second.
 */
export const OTHER_INSTANCES_LAG_MS = 1_000;

/** When a read model was built: the counters of the tables it read, and the monotonic time. */
export interface Stamp {
  version: number;
  builtAt: number;
}

/**
 * A counter per table, raised when a write transaction of this process that
 * changed a row of it has settled (committed or rolled back: a rollback only makes a
 * reader redo work). Read models in memory (the residents' zone map and
 * cards) stay exact by remembering the counters they were built at: when the
 * counters of the tables they depend on have not moved, nothing they read
 * has changed — as far as this process can know. Another process's writes
 * are not seen here: SQLite has one app process per file; on PostgreSQL,
 * where several instances share the database, a stamp also expires after
 * OTHER_INSTANCES_LAG_MS.
 */
export class TableChanges {
  private readonly counts = new Map<string, number>();
  private readonly tablesOfText = new Memo<string, string[]>({ max: TEXTS });

  constructor(private readonly sharedDatabase: boolean) {}

  /** Take the stamp before reading: a write that lands during the read then makes the model stale, never wrongly fresh. */
  stamp(tables: readonly string[]): Stamp {
    return { version: this.version(tables), builtAt: performance.now() };
  }

  /** Whether a model built at `stamp` from `tables` still reads as the database does. */
  isCurrent(stamp: Stamp, tables: readonly string[]): boolean {
    return this.currentTest(tables)(stamp);
  }

  /** `isCurrent` for many models of the same tables at once: the counters and the clock read once. */
  currentTest(tables: readonly string[]): (stamp: Stamp) => boolean {
    const version = this.version(tables);
    const oldest = this.sharedDatabase ? performance.now() - OTHER_INSTANCES_LAG_MS : -Infinity;
    return (stamp) => stamp.version === version && stamp.builtAt > oldest;
  }

  /** A number that changes whenever one of `tables` has been written since. */
  version(tables: readonly string[]): number {
    let sum = 0;
    for (const table of tables) sum += this.counts.get(table) ?? 0;
    return sum;
  }

  /**
   * `tx` noting the tables its statements write into `written`; `settled`
   * raises their counters once the transaction is over.
   */
  tracking(tx: Sql): { tx: Sql; settled: () => void } {
    const written = new Set<string>();
    // A statement that changed no row (a sweep that found nothing to do) leaves every read model as it was.
    const note = (sql: string, rows: number) => {
      if (rows > 0) for (const table of this.tablesOf(sql)) written.add(table);
    };
    return {
      tx: {
        dialect: tx.dialect,
        all: async <T>(sql: string, params?: unknown[]) => {
          const rows = await tx.all<T>(sql, params);
          note(sql, rows.length);
          return rows;
        },
        get: async <T>(sql: string, params?: unknown[]) => {
          const row = await tx.get<T>(sql, params);
          note(sql, row === undefined ? 0 : 1);
          return row;
        },
        run: async (sql: string, params?: unknown[]) => {
          const changed = await tx.run(sql, params);
          note(sql, changed);
          return changed;
        },
      },
      settled: () => {
        for (const table of written) this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
      },
    };
  }

  private tablesOf(sql: string): string[] {
    return this.tablesOfText.getOrMake(sql, () => [...sql.matchAll(WRITES)].map((m) => m[1].toLowerCase()));
  }
}

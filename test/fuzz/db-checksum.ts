import { createHash } from 'node:crypto';
import type { Sql } from '../../src/database/sql.js';

export interface Checksum {
  /** Over every row of every table. */
  all: string;
  /**
   * The same without the login-lockout bookkeeping (`users.failed_logins`,
   * `users.locked_until`): a refused login must count the failure, by design
   * (README: per-account login lockout), and that is the only change a
   * refused request may make.
   */
  withoutLoginLockout: string;
  /** Row count per table, to say what changed. */
  rows: Record<string, number>;
  /** Hash per table, to say which table changed. */
  tables: Record<string, string>;
}

const LOCKOUT_COLUMNS: Record<string, string[]> = { users: ['failed_logins', 'locked_until'] };

/**
 * A content hash of the whole SQLite database through the app's read
 * connection, and a cheap change detector for it: `PRAGMA data_version`
 * on the read connection changes whenever another connection (the app's
 * writer) commits, so while it stays the same the content cannot have
 * changed and the hash need not be recomputed.
 */
export class DatabaseChecksum {
  private tableNames?: string[];
  private lastVersion?: number;
  private last?: Checksum;
  /** How many full hashes were computed (for the summary). */
  fullHashes = 0;

  constructor(private readonly reader: Sql) {}

  async dataVersion(): Promise<number> {
    const rows = await this.reader.all<{ data_version: number }>('PRAGMA data_version');
    return Number(rows[0].data_version);
  }

  /** The content hash, recomputed only when a commit happened since the last call (unless `force`). */
  async current(force = false): Promise<Checksum> {
    const version = await this.dataVersion();
    if (!force && this.last && version === this.lastVersion) return this.last;
    this.last = await this.compute();
    this.lastVersion = version;
    return this.last;
  }

  /** A full hash over `SELECT * FROM <table> ORDER BY 1` for every table in sqlite_master (sqlite_* excluded). */
  async compute(): Promise<Checksum> {
    this.fullHashes += 1;
    this.tableNames ??= (
      (await this.reader.all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )) as { name: string }[]
    ).map((r) => r.name);
    const all = createHash('sha256');
    const reduced = createHash('sha256');
    const rows: Record<string, number> = {};
    const tables: Record<string, string> = {};
    for (const table of this.tableNames) {
      const result = await this.reader.all(`SELECT * FROM "${table}" ORDER BY 1`);
      rows[table] = result.length;
      const perTable = createHash('sha256');
      const skip = LOCKOUT_COLUMNS[table] ?? [];
      all.update(`\u0000table ${table}\u0000`);
      reduced.update(`\u0000table ${table}\u0000`);
      for (const row of result) {
        const text = JSON.stringify(row, bigintSafe);
        all.update(text);
        perTable.update(text);
        if (skip.length === 0) {
          reduced.update(text);
        } else {
          const kept = Object.fromEntries(Object.entries(row).filter(([key]) => !skip.includes(key)));
          reduced.update(JSON.stringify(kept, bigintSafe));
        }
      }
      tables[table] = perTable.digest('hex');
    }
    return { all: all.digest('hex'), withoutLoginLockout: reduced.digest('hex'), rows, tables };
  }
}

function bigintSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}

/** Names of the tables whose content differs between two checksums. */
export function changedTables(before: Checksum, after: Checksum): string[] {
  return Object.keys({ ...before.tables, ...after.tables }).filter((t) => before.tables[t] !== after.tables[t]);
}

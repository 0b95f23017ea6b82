import { createHash } from 'node:crypto';
import type { Database } from '../../src/database/database.service.js';
import type { Sql } from '../../src/database/sql.js';

export interface Checksum {
  /** Over every row of every table. */
  all: string;
  /**
   * The same without the login throttles (the `login_throttles` table): a
   * refused login or password change must count the failure, by design
   * (README: Logins), and that is the only change a refused request may make.
   */
  withoutLoginLockout: string;
  /** Row count per table, to say what changed. */
  rows: Record<string, number>;
  /** Hash per table, to say which table changed. */
  tables: Record<string, string>;
}

/** A content hash of the whole database and a cheap detector of commits since the last hash. */
export interface DatabaseChecksum {
  /** Which driver this checks ('sqlite' | 'postgres'), for the summary. */
  readonly driver: string;
  /** How many full hashes were computed (for the summary). */
  readonly fullHashes: number;
  /** A value that changes whenever another connection (the app's writer) has committed a write. */
  version(): Promise<string>;
  /** The content hash, recomputed only when a commit happened since the last call (unless `force`). */
  current(force?: boolean): Promise<Checksum>;
}

/** Tables a refused request may change: the failures a refused login counts. */
const LOGIN_THROTTLE_TABLES = new Set(['login_throttles']);

/** The checksum for the app's own database, whichever driver it runs on. */
export function databaseChecksum(db: Database): DatabaseChecksum {
  return db.dialect === 'postgres' ? new PostgresChecksum(db.reader) : new SqliteChecksum(db.reader);
}

abstract class CachedChecksum implements DatabaseChecksum {
  abstract readonly driver: string;
  private lastVersion?: string;
  private last?: Checksum;
  fullHashes = 0;

  abstract version(): Promise<string>;
  protected abstract compute(): Promise<Checksum>;

  async current(force = false): Promise<Checksum> {
    const version = await this.version();
    if (!force && this.last && version === this.lastVersion) return this.last;
    this.fullHashes += 1;
    this.last = await this.compute();
    // The version read before the hash: a commit that lands during the hash makes the next call hash again.
    this.lastVersion = version;
    return this.last;
  }
}

/**
 * SQLite, through the app's read connection: `PRAGMA data_version` on that
 * connection changes whenever another connection (the app's writer) commits,
 * so while it stays the same the content cannot have changed. The hash runs
 * `SELECT * FROM <table> ORDER BY 1` for every table in sqlite_master
 * (sqlite_* excluded) and hashes the rows in Node.
 */
class SqliteChecksum extends CachedChecksum {
  readonly driver = 'sqlite';
  private tableNames?: string[];

  constructor(private readonly reader: Sql) {
    super();
  }

  async version(): Promise<string> {
    const rows = await this.reader.all<{ data_version: number }>('PRAGMA data_version');
    return String(rows[0].data_version);
  }

  protected async compute(): Promise<Checksum> {
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
      const throttle = LOGIN_THROTTLE_TABLES.has(table);
      all.update(`\u0000table ${table}\u0000`);
      if (!throttle) reduced.update(`\u0000table ${table}\u0000`);
      for (const row of result) {
        const text = JSON.stringify(row, bigintSafe);
        all.update(text);
        perTable.update(text);
        if (!throttle) reduced.update(text);
      }
      tables[table] = perTable.digest('hex');
    }
    return { all: all.digest('hex'), withoutLoginLockout: reduced.digest('hex'), rows, tables };
  }
}

/**
 * PostgreSQL, through the app's read pool (its search_path puts the test's
 * own schema first). There is no data_version; instead the change detector
 * is the xmax of a fresh snapshot, `pg_snapshot_xmax(pg_current_snapshot())`:
 * one past the newest finished transaction id. Every transaction that writes
 * a row gets a transaction id, so a committed write (ours or any other
 * database's on the server: that only costs a needless hash) moves it, and
 * reads do not. The hash itself is computed inside PostgreSQL, one query for
 * all tables of the schema: per table the row count and an md5 over the
 * sorted md5s of the rows' text (`row::text`), and the same leaving out the
 * login throttles.
 */
class PostgresChecksum extends CachedChecksum {
  readonly driver = 'postgres';
  private query?: string;

  constructor(private readonly reader: Sql) {
    super();
  }

  async version(): Promise<string> {
    const row = await this.reader.get<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax');
    return row!.xmax;
  }

  private async hashQuery(): Promise<string> {
    if (this.query) return this.query;
    const names = (
      await this.reader.all<{ table_name: string }>(
        "SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
      )
    ).map((r) => r.table_name);
    if (names.length === 0) throw new Error('no tables in the current schema: is the search_path the test schema?');
    const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const digest = (rowText: string) => `coalesce(md5(string_agg(md5(${rowText}), '' ORDER BY md5(${rowText}))), '')`;
    this.query = names
      .map((name) => {
        const reduced = LOGIN_THROTTLE_TABLES.has(name) ? `''` : digest('x::text');
        return `SELECT ${literal(name)}::text AS name, count(*)::int AS n, ${digest('x::text')} AS h, ${reduced} AS r FROM ${ident(name)} x`;
      })
      .join('\nUNION ALL\n');
    return this.query;
  }

  protected async compute(): Promise<Checksum> {
    const result = await this.reader.all<{ name: string; n: number; h: string; r: string }>(await this.hashQuery());
    result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const all = createHash('sha256');
    const reduced = createHash('sha256');
    const rows: Record<string, number> = {};
    const tables: Record<string, string> = {};
    for (const { name, n, h, r } of result) {
      rows[name] = Number(n);
      tables[name] = `${n}:${h}`;
      all.update(`\u0000table ${name}\u0000${n}:${h}`);
      if (!LOGIN_THROTTLE_TABLES.has(name)) reduced.update(`\u0000table ${name}\u0000${n}:${r}`);
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

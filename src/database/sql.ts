import type Sqlite from 'better-sqlite3';
import type { EntityManager } from 'typeorm';

/**
 * Plain parameterised SQL on a given EntityManager (its transaction, if any),
 * for the hot paths where TypeORM's query building costs more than the query.
 * Write portable SQL with `?` placeholders; on PostgreSQL they become $1, $2…
 *
 * On SQLite the statements run on better-sqlite3 directly — the same
 * connection TypeORM uses, so inside `db.write()` they are part of the open
 * transaction — and each SQL text is prepared once.
 */
export interface Sql {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a write; returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

const sqliteStatements = new WeakMap<Sqlite.Database, Map<string, Sqlite.Statement>>();

function prepared(connection: Sqlite.Database, sql: string): Sqlite.Statement {
  let cache = sqliteStatements.get(connection);
  if (!cache) sqliteStatements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** better-sqlite3 binds no booleans. */
function sqliteParams(params: unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export function sqliteSql(connection: Sqlite.Database): Sql {
  return {
    all: async <T>(sql: string, params: unknown[] = []) => prepared(connection, sql).all(...sqliteParams(params)) as T[],
    get: async <T>(sql: string, params: unknown[] = []) => prepared(connection, sql).get(...sqliteParams(params)) as T | undefined,
    run: async (sql: string, params: unknown[] = []) => prepared(connection, sql).run(...sqliteParams(params)).changes,
  };
}

const dollarCache = new Map<string, string>();

/** `?` → `$n` (the SQL written for this service never has `?` inside string literals). */
function toDollar(sql: string): string {
  let converted = dollarCache.get(sql);
  if (converted === undefined) {
    let n = 0;
    converted = sql.replace(/\?/g, () => `$${++n}`);
    dollarCache.set(sql, converted);
  }
  return converted;
}

export function postgresSql(em: EntityManager): Sql {
  const structured = async (sql: string, params: unknown[]) => {
    const runner = em.queryRunner ?? em.connection.createQueryRunner();
    try {
      return await runner.query(toDollar(sql), params, true);
    } finally {
      if (!em.queryRunner) await runner.release();
    }
  };
  return {
    all: async <T>(sql: string, params: unknown[] = []) => (await structured(sql, params)).records as T[],
    get: async <T>(sql: string, params: unknown[] = []) => (await structured(sql, params)).records[0] as T | undefined,
    run: async (sql: string, params: unknown[] = []) => (await structured(sql, params)).affected ?? 0,
  };
}

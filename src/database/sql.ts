import type Sqlite from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { Memo } from '../common/memo.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The one way the service speaks to its database: plain parameterised SQL,
 * written once for both drivers with `?` placeholders (they become $1, $2… on
 * PostgreSQL). Repositories are the only callers; a `Sql` is either the
 * reader (`Database.reader`) or a write transaction (`Database.write`).
 */
export interface Sql {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs a write; returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

/** Statements prepared per connection, by SQL text; the texts are the service's own, a few hundred at most. */
const STATEMENTS_PER_CONNECTION = 1_000;
const sqliteStatements = new WeakMap<Sqlite.Database, Memo<string, Sqlite.Statement>>();

/** The statement for `sql` on this connection, prepared once. */
export function prepared(connection: Sqlite.Database, sql: string): Sqlite.Statement {
  let statements = sqliteStatements.get(connection);
  if (!statements) sqliteStatements.set(connection, (statements = new Memo({ max: STATEMENTS_PER_CONNECTION })));
  return statements.getOrMake(sql, () => connection.prepare(sql));
}

/** better-sqlite3 binds no booleans. */
function sqliteParams(params: unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * Statements run on better-sqlite3 directly: inside a write job that is the
 * writer's open transaction (the write queue owns the connection), else the
 * read-only reader connection.
 */
export function sqliteSql(connection: Sqlite.Database): Sql {
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: unknown[] = []) => prepared(connection, sql).all(...sqliteParams(params)) as T[],
    get: async <T>(sql: string, params: unknown[] = []) => prepared(connection, sql).get(...sqliteParams(params)) as T | undefined,
    run: async (sql: string, params: unknown[] = []) => prepared(connection, sql).run(...sqliteParams(params)).changes,
  };
}

const dollarTexts = new Memo<string, string>({ max: STATEMENTS_PER_CONNECTION });

/** `?` → `$n` (the SQL written for this service never has `?` inside string literals). */
function toDollar(sql: string): string {
  return dollarTexts.getOrMake(sql, () => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  });
}

/** On `em`'s transaction when it has one (a write job), else one pooled connection per statement. */
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
    dialect: 'postgres',
    all: async <T>(sql: string, params: unknown[] = []) => (await structured(sql, params)).records as T[],
    get: async <T>(sql: string, params: unknown[] = []) => (await structured(sql, params)).records[0] as T | undefined,
    run: async (sql: string, params: unknown[] = []) => (await structured(sql, params)).affected ?? 0,
  };
}

/** `?, ?, ?` for a list of n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

import type { TestApp } from './create-app.js';

/**
 * Rows read straight from the test app's database, for asserting what a
 * request changed (or did not). Columns come back camelCased; instants
 * (bigint: a string from pg, a number from SQLite) as numbers, so both
 * drivers compare alike.
 */
export type Where = Record<string, string | number | boolean | null>;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const INSTANT = /(^at$|_at$|_until$|^version$|^failed_logins$)/;

function clause(where: Where): { sql: string; params: unknown[] } {
  const entries = Object.entries(where);
  if (entries.length === 0) return { sql: '', params: [] };
  return {
    sql: ` WHERE ${entries.map(([key, value]) => (value === null ? `${snake(key)} IS NULL` : `${snake(key)} = ?`)).join(' AND ')}`,
    params: entries.filter(([, value]) => value !== null).map(([, value]) => value),
  };
}

function shape(row: Record<string, unknown>): Record<string, any> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      camel(key),
      typeof value === 'string' && INSTANT.test(key) && /^-?\d+$/.test(value) ? Number(value) : value,
    ]),
  );
}

export async function rowsOf(t: TestApp, table: string, where: Where = {}, columns = '*'): Promise<Record<string, any>[]> {
  const { sql, params } = clause(where);
  return (await t.db.reader.all(`SELECT ${columns} FROM ${table}${sql} ORDER BY 1`, params)).map(shape);
}

export async function rowOf(t: TestApp, table: string, where: Where, columns = '*'): Promise<Record<string, any>> {
  const rows = await rowsOf(t, table, where, columns);
  if (rows.length !== 1) throw new Error(`expected one ${table} row for ${JSON.stringify(where)}, found ${rows.length}`);
  return rows[0];
}

export async function countOf(t: TestApp, table: string, where: Where = {}): Promise<number> {
  const { sql, params } = clause(where);
  const row = await t.db.reader.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}${sql}`, params);
  return Number(row?.n ?? 0);
}

/** A row as the drivers return it: snake_case columns; bigint as number (SQLite) or string (pg). */
export type Row = Record<string, unknown>;

export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** simple-json columns are text on both drivers. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A boolean column: PostgreSQL gives true/false, SQLite 1/0. */
export function bool(value: unknown): boolean {
  return value === true || value === 1;
}

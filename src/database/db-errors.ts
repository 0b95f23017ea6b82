import { QueryFailedError } from 'typeorm';

export type ConstraintViolation =
  | { kind: 'unique'; detail: string }
  | { kind: 'overlap'; detail: string }
  | { kind: 'foreign_key'; detail: string };

/** Marker raised by the SQLite overlap trigger; PostgreSQL reports 23P01 instead. */
export const OVERLAP_MARKER = 'VENDOR_OVERLAP';

/**
 * Classifies a constraint failure the same way on both drivers. `detail` holds
 * the index/constraint name (PostgreSQL) or the column list (SQLite), which
 * callers match against with `mentions()`.
 */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  // Through TypeORM the driver's error is wrapped; plain SQL on better-sqlite3 (database/sql.ts) throws it as is.
  const driver = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; constraint?: string; message?: string } | null | undefined;
  if (!driver || typeof driver.code !== 'string') return null;
  const message = driver.message ?? String(error);
  switch (driver.code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return { kind: 'unique', detail: message };
    case 'SQLITE_CONSTRAINT_TRIGGER':
      return message.includes(OVERLAP_MARKER) ? { kind: 'overlap', detail: message } : null;
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return { kind: 'foreign_key', detail: message };
    case '23505':
      return { kind: 'unique', detail: driver.constraint ?? message };
    case '23P01':
      return { kind: 'overlap', detail: driver.constraint ?? message };
    case '23503':
      return { kind: 'foreign_key', detail: driver.constraint ?? message };
    default:
      return null;
  }
}

/** True when a write failed only because the database was busy or the transaction must be retried. */
export function isTransient(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string })?.driverError?.code ??
    (error as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01';
}

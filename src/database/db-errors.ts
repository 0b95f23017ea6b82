import { QueryFailedError } from 'typeorm';

export type ConstraintViolation =
  { kind: 'unique'; detail: string } | { kind: 'overlap'; detail: string } | { kind: 'foreign_key'; detail: string };

/** Raised (as a literal) by the SQLite overlap trigger of the migrations; PostgreSQL reports 23P01 instead. */
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

function codeOf(error: unknown): string | undefined {
  const driver = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = driver?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  const driver = (error as { driverError?: { message?: unknown } } | null)?.driverError;
  return String(driver?.message ?? (error as { message?: unknown } | null)?.message ?? '');
}

/** True when a write failed only because the database was busy or the transaction must be retried. */
export function isTransient(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01';
}

/** Node's socket errors, as pg reports a refused or dropped connection. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** SQLite: the disk is full, the file cannot be read or written, or the connection was closed. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY_DBMOVED|READONLY_DIRECTORY|NOMEM)/;
/**
 * PostgreSQL SQLSTATE classes: 08 connection exception, 53 insufficient
 * resources (disk full, out of memory, too many connections), 57P admin or
 * crash shutdown, 58 system (I/O) error.
 */
const POSTGRES_UNAVAILABLE = /^(08|53|57P|58)/;
/** pg and TypeORM report a lost or missing connection in words only. */
const CONNECTION_LOST =
  /Connection terminated|connection is not open|Client has encountered a connection error|timeout exceeded when trying to connect|Driver not Connected|Cannot use a pool after calling end/i;

/**
 * True when the database could not be reached or cannot take the work right
 * now — not a fault of the request, so the answer is 503 with Retry-After.
 */
export function isUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (
    code !== undefined &&
    (SOCKET_ERRORS.has(code) || SQLITE_UNAVAILABLE.test(code) || (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_UNAVAILABLE.test(code)))
  ) {
    return true;
  }
  return CONNECTION_LOST.test(messageOf(error));
}

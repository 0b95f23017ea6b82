import { Injectable } from '@nestjs/common';
import { Database, lockClause } from '../database/database.service.js';
import { num, numOrNull, Row } from '../database/row.js';
import type { Tx } from '../database/transactions.js';

/** One username's failed logins from one address (`address` '' for all addresses together). */
export interface Throttle {
  failures: number;
  lockedUntil: number | null;
  nextAttemptAt: number | null;
  succeededAt: number | null;
}

/** The account-wide row of a username. */
export const ALL_ADDRESSES = '';

function fromRow(row: Row): Throttle {
  return {
    failures: num(row.failures),
    lockedUntil: numOrNull(row.locked_until),
    nextAttemptAt: numOrNull(row.next_attempt_at),
    succeededAt: numOrNull(row.succeeded_at),
  };
}

/** The only code that speaks SQL to `login_throttles`. */
@Injectable()
export class LoginThrottlesRepository {
  constructor(private readonly db: Database) {}

  async find(username: string, address: string): Promise<Throttle | undefined> {
    const row = await this.db.reader.get(
      'SELECT failures, locked_until, next_attempt_at, succeeded_at FROM login_throttles WHERE username = ? AND address = ?',
      [username, address],
    );
    return row && fromRow(row);
  }

  /** The row, created empty if there was none, locked for the rest of this transaction. */
  async take(tx: Tx, username: string, address: string, now: number): Promise<Throttle> {
    await tx.run(
      'INSERT INTO login_throttles (username, address, failures, updated_at) VALUES (?, ?, 0, ?) ON CONFLICT (username, address) DO NOTHING',
      [username, address, now],
    );
    const row = await tx.get(
      `SELECT failures, locked_until, next_attempt_at, succeeded_at FROM login_throttles WHERE username = ? AND address = ?${lockClause(tx.dialect, 'update')}`,
      [username, address],
    );
    return fromRow(row!);
  }

  async save(tx: Tx, username: string, address: string, throttle: Throttle, now: number): Promise<void> {
    await tx.run(
      'UPDATE login_throttles SET failures = ?, locked_until = ?, next_attempt_at = ?, succeeded_at = ?, updated_at = ? WHERE username = ? AND address = ?',
      [throttle.failures, throttle.lockedUntil, throttle.nextAttemptAt, throttle.succeededAt, now, username, address],
    );
  }

  /** Forgets up to `limit` rows untouched since `before`, except the familiar addresses of recent successes. */
  async purge(tx: Tx, before: number, keepSuccessesSince: number, limit: number): Promise<number> {
    return tx.run(
      `DELETE FROM login_throttles WHERE (username, address) IN (
         SELECT username, address FROM login_throttles
         WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?) AND (succeeded_at IS NULL OR succeeded_at < ?)
         ORDER BY updated_at LIMIT ${limit})`,
      [before, before, keepSuccessesSince],
    );
  }
}

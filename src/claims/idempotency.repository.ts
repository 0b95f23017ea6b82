import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { num, Row } from '../database/row.js';
import type { Tx } from '../database/transactions.js';

/** The first answer to a request sent with an `Idempotency-Key`, per user. */
export interface StoredAnswer {
  userId: string;
  key: string;
  requestHash: string;
  statusCode: number;
  responseBody: string;
  createdAt: number;
}

function fromRow(row: Row): StoredAnswer {
  return {
    userId: String(row.user_id),
    key: String(row.key),
    requestHash: String(row.request_hash),
    statusCode: num(row.status_code),
    responseBody: String(row.response_body),
    createdAt: num(row.created_at),
  };
}

/** The only code that speaks SQL to `idempotency_keys`. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  async find(userId: string, key: string, tx: Tx = this.db.reader): Promise<StoredAnswer | undefined> {
    const row = await tx.get(
      'SELECT user_id, key, request_hash, status_code, response_body, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?',
      [userId, key],
    );
    return row && fromRow(row);
  }

  /** Deletes up to `limit` answers stored before `cutoff` (ix_idempotency_keys_created); returns how many. */
  async purgeBefore(tx: Tx, cutoff: number, limit: number): Promise<number> {
    return tx.run(
      `DELETE FROM idempotency_keys WHERE (user_id, key) IN (SELECT user_id, key FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ${limit})`,
      [cutoff],
    );
  }

  async forget(tx: Tx, userId: string, key: string): Promise<void> {
    await tx.run('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?', [userId, key]);
  }

  async insert(tx: Tx, answer: StoredAnswer): Promise<void> {
    await tx.run(
      'INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response_body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [answer.userId, answer.key, answer.requestHash, answer.statusCode, answer.responseBody, answer.createdAt],
    );
  }
}

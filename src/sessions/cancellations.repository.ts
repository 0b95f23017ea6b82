import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { num, Row, strOrNull } from '../database/row.js';
import { placeholders } from '../database/sql.js';
import type { Tx } from '../database/transactions.js';
import type { SessionCancellation } from './session.js';

function fromRow(row: Row): SessionCancellation {
  return {
    sessionId: String(row.session_id),
    date: String(row.date),
    reason: String(row.reason),
    createdBy: strOrNull(row.created_by),
    createdAt: num(row.created_at),
    closureId: strOrNull(row.closure_id),
  };
}

/** The only code that speaks SQL to `session_cancellations`. */
@Injectable()
export class CancellationsRepository {
  constructor(private readonly db: Database) {}

  async find(sessionId: string, date: string, tx: Tx = this.db.reader): Promise<SessionCancellation | undefined> {
    const row = await tx.get(
      'SELECT session_id, date, reason, created_by, created_at, closure_id FROM session_cancellations WHERE session_id = ? AND date = ?',
      [sessionId, date],
    );
    return row && fromRow(row);
  }

  /** Cancellations of these sessions in [from, to], ordered by session and date (so the same state reads the same). */
  async ofSessions(sessionIds: string[], from: string, to: string): Promise<SessionCancellation[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db.reader.all(
      `SELECT session_id, date, reason, created_by, created_at, closure_id FROM session_cancellations
       WHERE session_id IN (${placeholders(sessionIds.length)}) AND date BETWEEN ? AND ? ORDER BY session_id, date`,
      [...sessionIds, from, to],
    );
    return rows.map(fromRow);
  }

  async insert(tx: Tx, cancellation: SessionCancellation): Promise<void> {
    await tx.run(
      'INSERT INTO session_cancellations (session_id, date, reason, created_by, created_at, closure_id) VALUES (?, ?, ?, ?, ?, ?)',
      [
        cancellation.sessionId,
        cancellation.date,
        cancellation.reason,
        cancellation.createdBy,
        cancellation.createdAt,
        cancellation.closureId,
      ],
    );
  }

  /** The cancellations an area closure made, by session (ix_session_cancellations_closure). */
  async ofClosure(tx: Tx, closureId: string): Promise<SessionCancellation[]> {
    const rows = await tx.all(
      'SELECT session_id, date, reason, created_by, created_at, closure_id FROM session_cancellations WHERE closure_id = ? ORDER BY session_id',
      [closureId],
    );
    return rows.map(fromRow);
  }

  async delete(tx: Tx, sessionId: string, date: string): Promise<void> {
    await tx.run('DELETE FROM session_cancellations WHERE session_id = ? AND date = ?', [sessionId, date]);
  }
}

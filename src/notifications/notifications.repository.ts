import { Injectable } from '@nestjs/common';
import type { NotificationEvent, NotificationMessage } from '../common/ports/notifier.js';
import { Page } from '../common/pagination.js';
import { Database } from '../database/database.service.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import type { Tx } from '../database/transactions.js';
import type { DeliveryState, OutboxMessage } from './notification.js';

const COLUMNS =
  'id, vendor_id, event, data, text_zh, text_en, created_at, state, attempts, next_attempt_at, lease_until, delivered_at, last_error';

function fromRow(row: Row): OutboxMessage {
  return {
    id: String(row.id),
    vendorId: String(row.vendor_id),
    event: row.event as NotificationEvent,
    data: JSON.parse(String(row.data)) as NotificationMessage['data'],
    texts: { zh: String(row.text_zh), en: String(row.text_en) },
    createdAt: num(row.created_at),
    state: row.state as DeliveryState,
    attempts: num(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    leaseUntil: numOrNull(row.lease_until),
    deliveredAt: numOrNull(row.delivered_at),
    lastError: strOrNull(row.last_error),
  };
}

/** The only code that speaks SQL to `notifications`. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  async insertMany(tx: Tx, messages: OutboxMessage[]): Promise<void> {
    for (const m of messages) {
      await tx.run(`INSERT INTO notifications (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        m.id,
        m.vendorId,
        m.event,
        JSON.stringify(m.data),
        m.texts.zh,
        m.texts.en,
        m.createdAt,
        m.state,
        m.attempts,
        m.nextAttemptAt,
        m.leaseUntil,
        m.deliveredAt,
        m.lastError,
      ]);
    }
  }

  /** A vendor's messages, newest first. */
  async ofVendor(vendorId: string, limit: number, offset: number): Promise<Page<OutboxMessage>> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM notifications WHERE vendor_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      [vendorId, limit, offset],
    );
    const total = await this.db.reader.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM notifications WHERE vendor_id = ?', [vendorId]);
    return { items: rows.map(fromRow), total: num(total?.n ?? 0) };
  }

  /**
   * Each vendor's oldest pending message, if it is due at `now`, oldest first
   * (created_at, then the id: UUIDv7, increasing within an instance). A
   * vendor's later messages wait behind its first, so they arrive in order.
   */
  async firstPendingPerVendor(now: number, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.reader.all(
      `SELECT ${COLUMNS} FROM notifications n WHERE state = 'pending' AND next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM notifications e WHERE e.vendor_id = n.vendor_id AND e.state = 'pending'
                           AND (e.created_at < n.created_at OR (e.created_at = n.created_at AND e.id < n.id)))
       ORDER BY created_at, id LIMIT ?`,
      [now, limit],
    );
    return rows.map(fromRow);
  }

  /**
   * Takes the message for delivery until `until` unless another instance holds
   * it (a conditional update: exactly one taker); true when this one took it.
   */
  async lease(tx: Tx, id: string, now: number, until: number): Promise<boolean> {
    const changed = await tx.run(
      `UPDATE notifications SET lease_until = ? WHERE id = ? AND state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)`,
      [until, id, now, now],
    );
    return changed === 1;
  }

  async markDelivered(tx: Tx, id: string, attempts: number, at: number): Promise<void> {
    await tx.run(
      `UPDATE notifications SET state = 'delivered', attempts = ?, delivered_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?`,
      [attempts, at, id],
    );
  }

  /** A failed attempt: tried again at `nextAttemptAt`, or given up (`failed`) when that is null. */
  async markAttemptFailed(tx: Tx, id: string, attempts: number, error: string, nextAttemptAt: number | null): Promise<void> {
    await tx.run(
      `UPDATE notifications SET state = ?, attempts = ?, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at), lease_until = NULL WHERE id = ?`,
      [nextAttemptAt === null ? 'failed' : 'pending', attempts, error.slice(0, 500), nextAttemptAt, id],
    );
  }
}

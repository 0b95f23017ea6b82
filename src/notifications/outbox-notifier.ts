import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Notification, Notifier } from '../common/ports/notifier.js';
import { newId } from '../database/ids.js';
import type { Tx } from '../database/transactions.js';
import { renderMessage } from './messages.js';
import { NotificationsRepository } from './notifications.repository.js';

/**
 * The Notifier: each message becomes an outbox row in the caller's
 * transaction, its texts rendered now (what the vendor is told is what was
 * true when it happened). Nothing is sent here; WebhookDelivery sends later.
 */
@Injectable()
export class OutboxNotifier extends Notifier {
  constructor(
    private readonly outbox: NotificationsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async notify(tx: Tx, notifications: Notification[]): Promise<void> {
    if (notifications.length === 0) return;
    const now = this.clock.now();
    await this.outbox.insertMany(
      tx,
      notifications.map(({ vendorId, ...message }) => ({
        id: newId(),
        vendorId,
        event: message.event,
        data: message.data,
        texts: renderMessage(message),
        createdAt: now,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        deliveredAt: null,
        lastError: null,
      })),
    );
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import type { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { formatInstant } from '../recurrence/local-time.js';
import { VendorsService } from '../vendors/vendors.service.js';
import type { OutboxMessage } from './notification.js';
import { NotificationsRepository } from './notifications.repository.js';
import { signPayload } from './signature.js';

/** The wait after the n-th failed attempt: 30 s, doubling, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}
/** After this many failed attempts (about nine hours of trying) a message is given up as `failed`. */
export const MAX_ATTEMPTS = 15;
/** How long one instance holds a message it is sending (longer than the request may take). */
const LEASE_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 100;
/** Messages to different vendors go out side by side, this many at a time. */
const PARALLEL = 8;

/** What a receiver gets (JSON body), besides the headers X-Tidal-Message-Id, -Event, -Timestamp, -Signature, -Attempt. */
export interface WebhookPayload {
  id: string;
  event: string;
  vendorId: string;
  /** Where an SMS gateway sends `text`; null if the vendor no longer exists. */
  phone: string | null;
  createdAt: string;
  data: unknown;
  text: { zh: string; en: string };
}

/**
 * Delivers the outbox to NOTIFY_WEBHOOK_URL, at least once: a message is
 * marked delivered only after a 2xx answer, so a crash between the answer
 * and the mark sends it again (receivers de-duplicate on the id). Per vendor,
 * in the order written: a vendor's next message waits until the one before
 * is delivered or given up. Failed attempts back off (backoffMs). Runs from
 * a timer, never inside a request; several instances share the work through
 * a lease on each message.
 */
@Injectable()
export class WebhookDelivery {
  private readonly logger = new Logger('WebhookDelivery');
  private readonly webhook: AppConfig['notifications'];
  private running = false;

  constructor(
    private readonly outbox: NotificationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly vendors: VendorsService,
    config: ConfigService,
  ) {
    this.webhook = config.getOrThrow<AppConfig['notifications']>('notifications');
  }

  @Interval(2_000)
  async tick(): Promise<void> {
    if (!this.webhook.webhookUrl || this.running) return;
    this.running = true;
    try {
      while ((await this.deliverDue()) === BATCH);
    } catch (error) {
      this.logger.warn(`notification delivery failed, will retry: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** One pass: each vendor's first pending message, if due, is sent; returns how many were tried. */
  async deliverDue(): Promise<number> {
    if (!this.webhook.webhookUrl) return 0;
    const due = await this.outbox.firstPendingPerVendor(this.clock.now(), BATCH);
    if (due.length === 0) return 0;
    const phones = await this.vendors.byIds(due.map((message) => message.vendorId));
    const queue = [...due];
    const worker = async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        await this.deliver(message, phones.get(message.vendorId)?.phone ?? null);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return due.length;
  }

  private async deliver(message: OutboxMessage, phone: string | null): Promise<void> {
    const now = this.clock.now();
    const mine = await this.transactions.write((tx) => this.outbox.lease(tx, message.id, now, now + LEASE_MS));
    if (!mine) return; // another instance is sending it
    const attempts = message.attempts + 1;
    const failure = await this.post(message, phone, attempts);
    await this.transactions.write(async (tx) => {
      if (failure === null) return this.outbox.markDelivered(tx, message.id, attempts, this.clock.now());
      const next = attempts >= MAX_ATTEMPTS ? null : this.clock.now() + backoffMs(attempts);
      if (next === null) this.logger.error(`notification ${message.id} given up after ${attempts} attempts: ${failure}`);
      return this.outbox.markAttemptFailed(tx, message.id, attempts, failure, next);
    });
  }

  /** Sends one message; null when the receiver took it (2xx), else why not. */
  private async post(message: OutboxMessage, phone: string | null, attempt: number): Promise<string | null> {
    const payload: WebhookPayload = {
      id: message.id,
      event: message.event,
      vendorId: message.vendorId,
      phone,
      createdAt: formatInstant(message.createdAt, DEFAULT_TIMEZONE),
      data: message.data,
      text: message.texts,
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.clock.now() / 1000));
    try {
      const response = await fetch(this.webhook.webhookUrl!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-tidal-message-id': message.id,
          'x-tidal-event': message.event,
          'x-tidal-timestamp': timestamp,
          'x-tidal-attempt': String(attempt),
          'x-tidal-signature': signPayload(this.webhook.webhookSecret!, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined); // free the connection
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

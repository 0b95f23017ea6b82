import type { NotificationEvent, NotificationMessage } from '../common/ports/notifier.js';

/** Where a message is on its way to the webhook. */
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** The message in both languages, ready for an SMS gateway. */
export interface MessageTexts {
  zh: string;
  en: string;
}

/** One row of the outbox: a message for one vendor, and how its delivery goes. */
export interface OutboxMessage {
  /** Also the id receivers de-duplicate on (sent as X-Tidal-Message-Id). */
  id: string;
  vendorId: string;
  event: NotificationEvent;
  data: NotificationMessage['data'];
  texts: MessageTexts;
  createdAt: number;
  state: DeliveryState;
  attempts: number;
  /** Not tried again before this instant (a failed attempt's backoff). */
  nextAttemptAt: number;
  /** An instance delivering it holds it until then, so two instances don't send it at once. */
  leaseUntil: number | null;
  deliveredAt: number | null;
  lastError: string | null;
}

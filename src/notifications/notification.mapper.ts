import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import type { NotificationResponse } from './dto/notification.dto.js';
import type { OutboxMessage } from './notification.js';

export function toNotificationResponse(message: OutboxMessage): NotificationResponse {
  return {
    id: message.id,
    event: message.event,
    data: message.data as Record<string, unknown>,
    text: message.texts,
    createdAt: formatInstant(message.createdAt, DEFAULT_TIMEZONE),
    delivery: {
      state: message.state,
      attempts: message.attempts,
      deliveredAt: message.deliveredAt === null ? null : formatInstant(message.deliveredAt, DEFAULT_TIMEZONE),
    },
  };
}

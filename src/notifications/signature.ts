import { createHmac } from 'node:crypto';

/**
 * The webhook signature: `sha256=` + hex HMAC-SHA-256, keyed by
 * NOTIFY_WEBHOOK_SECRET, of `<X-Tidal-Timestamp>.<raw body>`. A receiver
 * recomputes it over the bytes it got and compares in constant time; the
 * timestamp inside the signed text lets it refuse old replays.
 */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

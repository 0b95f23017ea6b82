import type { Tx } from '../../database/transactions.js';

/**
 * Every event a vendor must know of, and what its message says (API.md,
 * "Notifications"). The texts, in Chinese and English, are rendered by
 * notifications/ from these fields; dates are the zone's local dates
 * (YYYY-MM-DD), instants ISO 8601 with the zone's offset.
 */
export type NotificationMessage =
  | { event: 'vendor.approved'; data: Record<string, never> }
  | { event: 'vendor.rejected'; data: { reason: string } }
  | { event: 'vendor.suspended'; data: { reason: string; until: string | null } }
  | {
      event: 'claim.cancelled_by_market';
      data: {
        claimId: string;
        zoneName: string;
        sessionName: string;
        date: string;
        stallCode: string;
        /** What called it off: the occurrence (weather, holiday), the vendor's suspension, or a closure of the area. */
        cause: 'occurrence_cancelled' | 'vendor_suspended' | 'closure';
        reason: string;
      };
    }
  | {
      event: 'offer.made';
      data: { offerId: string; zoneName: string; sessionName: string; date: string; stallCode: string; expiresAt: string };
    }
  | {
      event: 'offer.expiring';
      data: { offerId: string; zoneName: string; sessionName: string; date: string; stallCode: string; expiresAt: string };
    }
  | { event: 'duty.assigned'; data: { entryId: string; dutyName: string; zoneName: string; sessionName: string; date: string } }
  | {
      event: 'duty.swap_requested';
      data: {
        swapId: string;
        entryId: string;
        dutyName: string;
        zoneName: string;
        sessionName: string;
        date: string;
        /** Who asks, as neighbours know them: the masked name and the stall they hold on that run. */
        fromName: string;
        fromStallCode: string;
      };
    }
  | { event: 'violation.recorded'; data: { violationId: string; type: string; zoneName: string; occurredAt: string } };

export type NotificationEvent = NotificationMessage['event'];
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'vendor.approved',
  'vendor.rejected',
  'vendor.suspended',
  'claim.cancelled_by_market',
  'offer.made',
  'offer.expiring',
  'duty.assigned',
  'duty.swap_requested',
  'violation.recorded',
];

/** One message for one vendor. */
export type Notification = NotificationMessage & { vendorId: string };

/**
 * Where a change tells a vendor something: written to the outbox inside the
 * caller's write transaction, so the message exists if and only if the change
 * does; delivered later, never during the request. Declared here, low, and
 * implemented by notifications/.
 */
export abstract class Notifier {
  abstract notify(tx: Tx, notifications: Notification[]): Promise<void>;
}

import type { Tx } from '../../database/transactions.js';

/**
 * What a change of a zone's time zone must do to the sessions of the zone,
 * declared here (zones/ sits below sessions/) and implemented by sessions/:
 * past occurrences keep the time zone they ran in, so each session's timing
 * up to the change is kept as history before the zone's new zone applies.
 */
export abstract class ZoneTimezoneHistory {
  /** Called in the zone's write transaction, the zone row locked, before the new time zone is stored. */
  abstract keepPast(tx: Tx, zoneId: string, previousTimezone: string, now: number): Promise<void>;
}

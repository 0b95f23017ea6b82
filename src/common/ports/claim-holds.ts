import type { Tx } from '../../database/transactions.js';
import type { AuditActor } from '../actor.js';

/** Why an occurrence's claims go back to the market: that occurrence was cancelled, or an area closure took it. */
export type OccurrenceReleaseCause = 'occurrence_cancelled' | 'closure';

/**
 * What modules below claims (sessions, vendors, zones) may ask of the claims a
 * staff action affects, without knowing the claims table: declared here, low,
 * and implemented once by claims/ (ClaimHoldsService). "Active" and "cancel by
 * the market" each have that one definition.
 *
 * Every method runs inside the caller's write transaction, after the caller
 * has locked the row it changes (the session, the vendor or the zone) with
 * `update`: claims being inserted hold that row with `share`, so they have
 * either committed before (and are seen here) or will see the change.
 */
export abstract class ClaimHolds {
  /**
   * Every active claim on the session's occurrence of `date` becomes
   * cancelled_by_market, its vendor told why (`reason`) and what called it
   * off (`cause`: the occurrence alone, or an area closure); returns how many.
   */
  abstract releaseOccurrence(
    tx: Tx,
    sessionId: string,
    date: string,
    reason: string,
    actor: AuditActor,
    cause?: OccurrenceReleaseCause,
  ): Promise<number>;

  /**
   * Every active claim of the vendor starting in [from, until) (until null: no
   * end) becomes cancelled_by_market, the vendor told why (their suspension).
   */
  abstract releaseVendor(tx: Tx, vendorId: string, from: number, until: number | null, reason: string, actor: AuditActor): Promise<number>;

  /** Local dates of the session's active claims that have not ended at `now`, in order, each once. */
  abstract liveDates(tx: Tx, sessionId: string, now: number): Promise<string[]>;

  /** How many active claims in the zone have not ended at `now`. */
  abstract countLiveInZone(tx: Tx, zoneId: string, now: number): Promise<number>;
}

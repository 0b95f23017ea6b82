/** An area-wide closure (rain, heat, a holiday) of every matching occurrence on one date, as the rest of the service sees it. */
export interface Closure {
  id: string;
  date: string;
  reason: string;
  /** The area asked for: a district, listed zones (both: the listed zones of that district), or neither: every zone. */
  district: string | null;
  zoneIds: string[] | null;
  /** Only sessions of these names; null: every session. */
  sessionNames: string[] | null;
  /** Occurrences this closure cancelled. */
  occurrences: number;
  claimsCancelled: number;
  createdBy: string | null;
  createdAt: number;
  restoredAt: number | null;
}

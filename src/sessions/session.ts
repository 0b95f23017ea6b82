/**
 * When a zone's market runs: a wall-clock window repeated by an RRULE, as the
 * rest of the service sees it (sessions/ owns the table). Deleting keeps the
 * row (deletedAt) so past claims keep their session.
 */
export interface MarketSession {
  id: string;
  zoneId: string;
  name: string;
  startTime: string;
  endTime: string;
  rrule: string;
  validFrom: string;
  validUntil: string | null;
  /** Bumped on every change of timing, so memoised expansions know they are stale. */
  version: number;
  deletedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One occurrence called off (weather, holiday): an EXDATE of the session. */
export interface SessionCancellation {
  sessionId: string;
  date: string;
  reason: string;
  createdBy: string | null;
  createdAt: number;
}

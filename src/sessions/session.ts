/**
 * When a zone's market runs: a wall-clock window repeated by an RRULE, as the
 * rest of the service sees it (sessions/ owns the tables). Deleting keeps the
 * row (deletedAt) so past claims keep their session.
 */
export interface SessionTiming {
  startTime: string;
  endTime: string;
  rrule: string;
  validFrom: string;
  validUntil: string | null;
}

export interface MarketSession extends SessionTiming {
  id: string;
  zoneId: string;
  name: string;
  /** Bumped on every change of timing (or of the zone's time zone), so memoised expansions know they are stale. */
  version: number;
  /** The first date the timing above rules: earlier dates keep the timing they ran with (PastTiming). */
  effectiveFrom: string;
  deletedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A timing that ruled a session's occurrences before `untilDate`, in the time zone they ran in. */
export interface PastTiming extends SessionTiming {
  sessionId: string;
  untilDate: string;
  timezone: string;
  createdAt: number;
}

/** One occurrence called off (weather, holiday): an EXDATE of the session. */
export interface SessionCancellation {
  sessionId: string;
  date: string;
  reason: string;
  createdBy: string | null;
  createdAt: number;
  /** The area closure that made it (restoring the closure restores it), or null. */
  closureId: string | null;
}

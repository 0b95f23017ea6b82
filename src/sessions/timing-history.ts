import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { ZoneTimezoneHistory } from '../common/ports/zone-timezone.js';
import type { Tx } from '../database/transactions.js';
import { firstUnstartedDate, ranBefore } from './occurrences.js';
import type { MarketSession } from './session.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * How a session's past stays as it happened when its timing changes: the
 * current timing is ended before the first date that has not started, and
 * kept as history if it ever ran. Also the sessions side of a zone's time-zone
 * change (the ZoneTimezoneHistory port).
 */
@Injectable()
export class TimingHistory extends ZoneTimezoneHistory {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  /**
   * Ends the current timing before `from`: when it has run before that date,
   * its runs are kept as history (in `timezone`); a timing that never ran is
   * simply replaced. Returns the session as of `from`, version bumped (the
   * caller stores it, with whatever else it changes).
   */
  async endBefore(tx: Tx, session: MarketSession, timezone: string, from: string): Promise<MarketSession> {
    if (ranBefore(session, timezone, from)) {
      await this.sessions.insertPast(tx, {
        sessionId: session.id,
        untilDate: from,
        startTime: session.startTime,
        endTime: session.endTime,
        rrule: session.rrule,
        validFrom: session.validFrom,
        validUntil: session.validUntil,
        timezone,
        createdAt: this.clock.now(),
      });
    }
    return { ...session, effectiveFrom: from, version: session.version + 1 };
  }

  /** Each live session of the zone keeps its runs so far in the old time zone; the new one rules from the first date not started there. */
  async keepPast(tx: Tx, zoneId: string, previousTimezone: string, now: number): Promise<void> {
    for (const session of await this.sessions.liveOfZone(zoneId, tx, 'update')) {
      const kept = await this.endBefore(tx, session, previousTimezone, firstUnstartedDate(session, previousTimezone, now));
      await this.sessions.update(tx, { ...kept, updatedAt: now });
    }
  }
}

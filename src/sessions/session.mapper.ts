import { ScheduleItem, SessionResponse } from './dto/session.dto.js';
import type { MarketSession } from './session.js';
import { Occurrence } from './occurrences.js';

export function toSessionResponse(session: MarketSession): SessionResponse {
  return {
    id: session.id,
    zoneId: session.zoneId,
    name: session.name,
    startTime: session.startTime,
    endTime: session.endTime,
    rrule: session.rrule,
    validFrom: session.validFrom,
    validUntil: session.validUntil,
    overnight: session.endTime <= session.startTime,
  };
}

export function toScheduleItem(occurrence: Occurrence): ScheduleItem {
  return {
    sessionId: occurrence.sessionId,
    name: occurrence.name,
    date: occurrence.date,
    start: occurrence.startIso,
    end: occurrence.endIso,
    cancelled: occurrence.cancelled,
    ...(occurrence.reason !== undefined ? { reason: occurrence.reason } : {}),
  };
}

import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { APPEAL_WINDOW_MS } from './ladder.js';
import { ViolationResponse } from './dto/violation.dto.js';
import type { Violation } from './violation.js';

const at = (instant: number | null) => (instant === null ? null : formatInstant(instant, DEFAULT_TIMEZONE));

export function toViolationResponse(v: Violation): ViolationResponse {
  return {
    id: v.id,
    vendorId: v.vendorId,
    zoneId: v.zoneId,
    type: v.type,
    occurredAt: formatInstant(v.occurredAt, DEFAULT_TIMEZONE),
    note: v.note,
    status: v.status,
    consequence: v.suspendedUntil === null ? 'warning' : 'suspension',
    rank: v.rank,
    suspendedUntil: at(v.suspendedUntil),
    appealText: v.appealText,
    appealedAt: at(v.appealedAt),
    appealUntil: formatInstant(v.createdAt + APPEAL_WINDOW_MS, DEFAULT_TIMEZONE),
    resolutionNote: v.resolutionNote,
    resolvedAt: at(v.resolvedAt),
    createdAt: formatInstant(v.createdAt, DEFAULT_TIMEZONE),
  };
}

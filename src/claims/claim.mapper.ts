import { formatInstant } from '../recurrence/local-time.js';
import { effectiveClaimStatus } from './claim-rules.js';
import type { Claim } from './claim.js';
import { ClaimResponse } from './dto/claim.dto.js';

/** Instants are shown in the zone of the claim's market. */
export function toClaimResponse(claim: Claim, stallCode: string, timezone: string, now: number): ClaimResponse {
  return {
    id: claim.id,
    stallId: claim.stallId,
    stallCode,
    sessionId: claim.sessionId,
    zoneId: claim.zoneId,
    vendorId: claim.vendorId,
    date: claim.date,
    start: formatInstant(claim.startAt, timezone),
    end: formatInstant(claim.endAt, timezone),
    status: effectiveClaimStatus(claim, now),
    source: claim.source,
    createdAt: formatInstant(claim.createdAt, timezone),
    checkedInAt: claim.checkedInAt === null ? null : formatInstant(claim.checkedInAt, timezone),
    cancelledAt: claim.cancelledAt === null ? null : formatInstant(claim.cancelledAt, timezone),
  };
}

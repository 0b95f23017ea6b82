import { AuditEntry } from '../audit/audit-entry.entity.js';
import { User } from '../auth/user.entity.js';
import { Claim } from '../claims/claim.entity.js';
import { IdempotencyKey } from '../claims/idempotency-key.entity.js';
import { MarketSession } from '../sessions/market-session.entity.js';
import { SessionCancellation } from '../sessions/session-cancellation.entity.js';
import { Stall } from '../stalls/stall.entity.js';
import { Vendor } from '../vendors/vendor.entity.js';
import { Zone } from '../zones/zone.entity.js';

export const ENTITIES = [
  User,
  Zone,
  Stall,
  MarketSession,
  SessionCancellation,
  Vendor,
  Claim,
  IdempotencyKey,
  AuditEntry,
];

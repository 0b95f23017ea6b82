import { OfferEntity } from './allocation/offer.entity.js';
import { RoundApplicationEntity } from './allocation/round-application.entity.js';
import { RoundEntity } from './allocation/round.entity.js';
import { WaitlistEntryEntity } from './allocation/waitlist-entry.entity.js';
import { AuditEntryEntity } from './audit/audit-entry.entity.js';
import { LoginThrottleEntity } from './auth/login-throttle.entity.js';
import { UserEntity } from './auth/user.entity.js';
import { ClaimBoundsEntity } from './claims/claim-bounds.entity.js';
import { ClaimEntity } from './claims/claim.entity.js';
import { IdempotencyKeyEntity } from './claims/idempotency-key.entity.js';
import type { DatabaseSchema } from './database/data-source-options.js';
import { ViolationEntity } from './discipline/violation.entity.js';
import { POSTGRES_MIGRATIONS } from './database/migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from './database/migrations/sqlite/index.js';
import { FeedbackEntity } from './feedback/feedback.entity.js';
import { HealthProbeEntity } from './health/health-probe.entity.js';
import { NotificationEntity } from './notifications/notification.entity.js';
import { CaptainEntity } from './rosters/captain.entity.js';
import { DutyEntity } from './rosters/duty.entity.js';
import { RosterEntryEntity } from './rosters/roster-entry.entity.js';
import { RosterSwapEntity } from './rosters/roster-swap.entity.js';
import { ClosureEntity } from './sessions/closure.entity.js';
import { MarketSessionEntity } from './sessions/market-session.entity.js';
import { SessionCancellationEntity } from './sessions/session-cancellation.entity.js';
import { SessionHistoryEntity } from './sessions/session-history.entity.js';
import { StallEntity } from './stalls/stall.entity.js';
import { VendorEntity } from './vendors/vendor.entity.js';
import { ZoneEntity } from './zones/zone.entity.js';

/**
 * The schema the app registers with the database: each module's tables (its
 * entities, which the migrations must produce exactly — test/e2e/schema) and
 * the migrations of both drivers. The only file besides each owner that names
 * an entity; AppModule and ormconfig.ts take it from here.
 */
export const APP_SCHEMA: DatabaseSchema = {
  entities: [
    UserEntity,
    LoginThrottleEntity,
    ZoneEntity,
    StallEntity,
    MarketSessionEntity,
    SessionCancellationEntity,
    SessionHistoryEntity,
    ClosureEntity,
    VendorEntity,
    ClaimEntity,
    ClaimBoundsEntity,
    IdempotencyKeyEntity,
    AuditEntryEntity,
    HealthProbeEntity,
    FeedbackEntity,
    DutyEntity,
    RosterEntryEntity,
    RosterSwapEntity,
    CaptainEntity,
    RoundEntity,
    RoundApplicationEntity,
    WaitlistEntryEntity,
    OfferEntity,
    ViolationEntity,
    NotificationEntity,
  ],
  migrations: { sqlite: SQLITE_MIGRATIONS, postgres: POSTGRES_MIGRATIONS },
};

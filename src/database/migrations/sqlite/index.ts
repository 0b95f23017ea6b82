import { Init1795910000000 } from './1795910000000-Init.js';
import { LeanerClaimIndexes1795920000000 } from './1795920000000-LeanerClaimIndexes.js';
import { LoginLockout1795930000000 } from './1795930000000-LoginLockout.js';
import { BoundedOverlapTrigger1795940000000 } from './1795940000000-BoundedOverlapTrigger.js';
import { VendorNoShowIndex1795950000000 } from './1795950000000-VendorNoShowIndex.js';
import { VendorUnattendedIndex1795960000000 } from './1795960000000-VendorUnattendedIndex.js';
import { SettledClaims1795970000000 } from './1795970000000-SettledClaims.js';
import { IdempotencyKeyExpiry1795980000000 } from './1795980000000-IdempotencyKeyExpiry.js';
import { SessionHistory1795990000000 } from './1795990000000-SessionHistory.js';
import { ClaimLengthBound1796000000000 } from './1796000000000-ClaimLengthBound.js';
import { HealthProbe1796010000000 } from './1796010000000-HealthProbe.js';
import { LoginThrottles1796020000000 } from './1796020000000-LoginThrottles.js';
import { ResidentsFeedback1796030000000 } from './1796030000000-ResidentsFeedback.js';
import { Rosters1796040000000 } from './1796040000000-Rosters.js';
import { FairAllocationDiscipline1796050000000 } from './1796050000000-FairAllocationDiscipline.js';
import { Closures1796060000000 } from './1796060000000-Closures.js';
import { OneTimePasswords1796070000000 } from './1796070000000-OneTimePasswords.js';

/** In order. Never edit a migration that has shipped: add a new one. */
export const SQLITE_MIGRATIONS = [
  Init1795910000000,
  LeanerClaimIndexes1795920000000,
  LoginLockout1795930000000,
  BoundedOverlapTrigger1795940000000,
  VendorNoShowIndex1795950000000,
  VendorUnattendedIndex1795960000000,
  SettledClaims1795970000000,
  IdempotencyKeyExpiry1795980000000,
  SessionHistory1795990000000,
  ClaimLengthBound1796000000000,
  HealthProbe1796010000000,
  LoginThrottles1796020000000,
  ResidentsFeedback1796030000000,
  Rosters1796040000000,
  FairAllocationDiscipline1796050000000,
  Closures1796060000000,
  OneTimePasswords1796070000000,
];

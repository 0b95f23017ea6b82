// Pure data (no DOM, no i18n), so a unit test can hold the message files to it.
import type { components } from '../shared/api/schema.js';

/** Codes the app explains in its own words (vendor.errors.<CODE>), each one the contract has; any other shows the server's message. */
export const KNOWN_CODES = [
  'SLOT_TAKEN',
  'VENDOR_OVERLAP',
  'WEEKLY_LIMIT',
  'OUTSIDE_CHECK_IN_WINDOW',
  'OUTSIDE_CANCEL_WINDOW',
  'OUTSIDE_BOOKING_WINDOW',
  'VENDOR_NOT_APPROVED',
  'VENDOR_SUSPENDED',
  'NO_SHOW_BLOCK',
  'ZONE_SUSPENDED',
  'STALL_CLOSED',
  'CATEGORY_MISMATCH',
  'OCCURRENCE_CANCELLED',
  'NOT_AN_OCCURRENCE',
  'OCCURRENCE_STARTED',
  'ALREADY_APPLIED',
  'IDEMPOTENCY_KEY_REUSED',
  'BAD_CREDENTIALS',
  'DUPLICATE_PHONE',
  'RATE_LIMITED',
  'INVALID_STATE_TRANSITION',
  'SERVICE_UNAVAILABLE',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'NOT_FOUND',
] as const satisfies readonly components['schemas']['ErrorBody']['code'][];

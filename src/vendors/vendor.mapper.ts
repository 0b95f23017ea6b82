import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { VendorResponse } from './dto/vendor.dto.js';
import { effectiveStatus } from './vendor-status.js';
import type { Vendor } from './vendor.js';

/** A vendor's record of duties: done, and missed (which count against it). */
export interface DutyTally {
  served: number;
  missed: number;
}

export function toVendorResponse(vendor: Vendor, now: number, duties: DutyTally): VendorResponse {
  const status = effectiveStatus(vendor, now);
  return {
    id: vendor.id,
    name: vendor.name,
    phone: vendor.phone,
    kind: vendor.kind,
    categories: vendor.categories,
    priorityGroups: vendor.priorityGroups,
    status,
    statusReason: status === vendor.status ? vendor.statusReason : null,
    suspendedUntil:
      status === 'suspended' && vendor.suspendedUntil !== null ? formatInstant(vendor.suspendedUntil, DEFAULT_TIMEZONE) : null,
    dutiesServed: duties.served,
    dutiesMissed: duties.missed,
    createdAt: formatInstant(vendor.createdAt, DEFAULT_TIMEZONE),
  };
}

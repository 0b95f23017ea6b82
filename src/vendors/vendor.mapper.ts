import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { VendorResponse } from './dto/vendor.dto.js';
import { effectiveStatus } from './vendor-status.js';
import type { Vendor } from './vendor.js';

export function toVendorResponse(vendor: Vendor, now: number): VendorResponse {
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
    createdAt: formatInstant(vendor.createdAt, DEFAULT_TIMEZONE),
  };
}

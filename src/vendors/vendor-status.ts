import type { Vendor, VendorStatus } from './vendor.js';

/** A suspension with an end in the past has lapsed: the vendor is approved again. */
export function effectiveStatus(vendor: Pick<Vendor, 'status' | 'suspendedUntil'>, now: number): VendorStatus {
  if (vendor.status === 'suspended' && vendor.suspendedUntil !== null && vendor.suspendedUntil <= now) return 'approved';
  return vendor.status;
}

/** Which staff action may follow which status. */
export const TRANSITIONS: Record<'approve' | 'reject' | 'suspend' | 'reinstate', { from: VendorStatus[]; to: VendorStatus }> = {
  approve: { from: ['pending', 'rejected'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  suspend: { from: ['approved'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'approved' },
};

/** A market zone, as the rest of the service sees it (zones/ owns the table). */
export type ZoneStatus = 'active' | 'suspended';
export const ZONE_STATUSES: readonly ZoneStatus[] = ['active', 'suspended'];

export interface Zone {
  id: string;
  name: string;
  district: string;
  address: string;
  latitude: number;
  longitude: number;
  timezone: string;
  description: string | null;
  maxClaimsPerVendorPerWeek: number;
  bookingHorizonDays: number;
  /** How long a waitlist offer of a freed stall is held for its vendor. */
  offerHoldMinutes: number;
  status: ZoneStatus;
  createdAt: number;
  updatedAt: number;
}

import { formatInstant } from '../recurrence/local-time.js';
import { ZoneResponse } from './dto/zone.dto.js';
import type { Zone } from './zone.js';

export function toZoneResponse(zone: Zone): ZoneResponse {
  return {
    id: zone.id,
    name: zone.name,
    district: zone.district,
    address: zone.address,
    latitude: zone.latitude,
    longitude: zone.longitude,
    timezone: zone.timezone,
    description: zone.description,
    maxClaimsPerVendorPerWeek: zone.maxClaimsPerVendorPerWeek,
    bookingHorizonDays: zone.bookingHorizonDays,
    offerHoldMinutes: zone.offerHoldMinutes,
    status: zone.status,
    createdAt: formatInstant(zone.createdAt, zone.timezone),
    updatedAt: formatInstant(zone.updatedAt, zone.timezone),
  };
}

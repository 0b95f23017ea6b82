import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';
import { num, Row, strOrNull } from '../database/row.js';

export type ZoneStatus = 'active' | 'suspended';
export const ZONE_STATUSES: readonly ZoneStatus[] = ['active', 'suspended'];

@Entity('zones')
export class Zone {
  @IdColumn()
  id: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Index('ix_zones_district')
  @Column('varchar', { length: 100 })
  district: string;

  @Column('varchar', { length: 300 })
  address: string;

  @Column('double precision')
  latitude: number;

  @Column('double precision')
  longitude: number;

  @Column('varchar', { length: 64 })
  timezone: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('integer')
  maxClaimsPerVendorPerWeek: number;

  @Column('integer')
  bookingHorizonDays: number;

  @Column('varchar', { length: 16 })
  status: ZoneStatus;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

export function zoneFromRow(row: Row): Zone {
  return {
    id: String(row.id),
    name: String(row.name),
    district: String(row.district),
    address: String(row.address),
    latitude: num(row.latitude),
    longitude: num(row.longitude),
    timezone: String(row.timezone),
    description: strOrNull(row.description),
    maxClaimsPerVendorPerWeek: num(row.max_claims_per_vendor_per_week),
    bookingHorizonDays: num(row.booking_horizon_days),
    status: row.status as ZoneStatus,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';

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

import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';
import type { ZoneStatus } from './zone.js';

/** The `zones` table's schema (the migrations must produce it; zones.repository.ts reads and writes it). */
@Entity('zones')
// The nearest-market search narrows by a box of coordinates first.
@Index('ix_zones_lat_lng', ['latitude', 'longitude'])
export class ZoneEntity {
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

  @Column('integer', { default: 60 })
  offerHoldMinutes: number;

  @Column('varchar', { length: 16 })
  status: ZoneStatus;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

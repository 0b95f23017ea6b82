import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import type { StallCategory, StallStatus } from './stall.js';

/** The `stalls` table's schema (stalls.repository.ts reads and writes it). */
@Entity('stalls')
@Index('uq_stalls_zone_code', ['zoneId', 'code'], { unique: true })
export class StallEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('zones', { name: 'fk_stalls_zone' })
  zoneId: string;

  @Column('varchar', { length: 32 })
  code: string;

  @Column('varchar', { length: 16 })
  category: StallCategory;

  @Column('varchar', { length: 16 })
  status: StallStatus;

  @InstantColumn()
  createdAt: number;
}

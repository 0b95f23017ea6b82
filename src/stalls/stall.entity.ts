import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import { num, Row } from '../database/row.js';
import { Zone } from '../zones/zone.entity.js';

export type StallCategory = 'vegetables' | 'fruit' | 'food' | 'general';
export const STALL_CATEGORIES: readonly StallCategory[] = ['vegetables', 'fruit', 'food', 'general'];
export type StallStatus = 'open' | 'closed';
export const STALL_STATUSES: readonly StallStatus[] = ['open', 'closed'];

@Entity('stalls')
@Index('uq_stalls_zone_code', ['zoneId', 'code'], { unique: true })
export class Stall {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey(() => Zone, { name: 'fk_stalls_zone' })
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

export function stallFromRow(row: Row): Stall {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    code: String(row.code),
    category: row.category as StallCategory,
    status: row.status as StallStatus,
    createdAt: num(row.created_at),
  };
}

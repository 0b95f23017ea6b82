import { Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';
import type { StallCategory } from '../stalls/stall.js';
import type { PriorityGroup, VendorKind, VendorStatus } from './vendor.js';

/** The `vendors` table's schema (vendors.repository.ts reads and writes it). */
@Entity('vendors')
@Unique('uq_vendors_phone', ['phone'])
export class VendorEntity {
  @IdColumn()
  @ForeignKey('users', { name: 'fk_vendors_user' })
  id: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Column('varchar', { length: 11 })
  phone: string;

  @Column('varchar', { length: 20 })
  kind: VendorKind;

  @Column('simple-json')
  categories: StallCategory[];

  @Column('simple-json')
  priorityGroups: PriorityGroup[];

  @Index('ix_vendors_status')
  @Column('varchar', { length: 16 })
  status: VendorStatus;

  @Column('varchar', { length: 500, nullable: true })
  statusReason: string | null;

  /** End of a suspension; null while suspended means "until reinstated". */
  @InstantColumn({ nullable: true })
  suspendedUntil: number | null;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

import { Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { IdColumn, InstantColumn } from '../database/columns.js';
import { json, num, numOrNull, Row, strOrNull } from '../database/row.js';
import { User } from '../auth/user.entity.js';
import type { StallCategory } from '../stalls/stall.entity.js';

export type VendorKind = 'fruit_farmer' | 'vegetable_farmer' | 'vendor';
export const VENDOR_KINDS: readonly VendorKind[] = ['fruit_farmer', 'vegetable_farmer', 'vendor'];
export type VendorStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export const VENDOR_STATUSES: readonly VendorStatus[] = ['pending', 'approved', 'rejected', 'suspended'];
export type PriorityGroup = 'low_income' | 'local_resident' | 'own_produce' | 'elderly';

/** A registered seller. Its id is its login's id. */
@Entity('vendors')
@Unique('uq_vendors_phone', ['phone'])
export class Vendor {
  @IdColumn()
  @ForeignKey(() => User, { name: 'fk_vendors_user' })
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

export function vendorFromRow(row: Row): Vendor {
  return {
    id: String(row.id),
    name: String(row.name),
    phone: String(row.phone),
    kind: row.kind as VendorKind,
    categories: json<StallCategory[]>(row.categories),
    priorityGroups: json<PriorityGroup[]>(row.priority_groups),
    status: row.status as VendorStatus,
    statusReason: strOrNull(row.status_reason),
    suspendedUntil: numOrNull(row.suspended_until),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from '../database/columns.js';

/** The `captains` table's schema (captains.repository.ts reads and writes it): a zone's self-governance leaders. */
@Entity('captains')
export class CaptainEntity {
  @PrimaryColumn('varchar', { length: 36, primaryKeyConstraintName: 'PK_captains' })
  @ForeignKey('zones', { name: 'fk_captains_zone' })
  zoneId: string;

  @Index('ix_captains_vendor')
  @PrimaryColumn('varchar', { length: 36, primaryKeyConstraintName: 'PK_captains' })
  @ForeignKey('vendors', { name: 'fk_captains_vendor' })
  vendorId: string;

  @RefColumn({ nullable: true })
  appointedBy: string | null;

  @InstantColumn()
  appointedAt: number;
}

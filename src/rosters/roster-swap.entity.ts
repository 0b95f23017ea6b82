import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import type { SwapStatus } from './roster.js';

/** The `roster_swaps` table's schema (roster.repository.ts reads and writes it). */
@Entity('roster_swaps')
export class RosterSwapEntity {
  @IdColumn()
  id: string;

  @Index('ix_roster_swaps_entry')
  @RefColumn()
  @ForeignKey('roster_entries', { name: 'fk_roster_swaps_entry' })
  entryId: string;

  @RefColumn()
  fromVendorId: string;

  @RefColumn()
  toVendorId: string;

  @Column('varchar', { length: 16 })
  status: SwapStatus;

  @InstantColumn()
  createdAt: number;

  @InstantColumn({ nullable: true })
  decidedAt: number | null;
}

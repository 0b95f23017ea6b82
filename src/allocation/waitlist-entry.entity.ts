import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';
import type { StallCategory } from '../stalls/stall.js';
import type { WaitlistStatus } from './allocation.js';

/** The `waitlist_entries` table's schema (waitlist.repository.ts reads and writes it). */
@Entity('waitlist_entries')
// A vendor waits at most once per run, whoever writes.
@Index('uq_waitlist_entries_vendor_run', ['sessionId', 'date', 'vendorId'], {
  unique: true,
  where: `"status" IN ('waiting', 'offered')`,
})
@Index('ix_waitlist_entries_run', ['sessionId', 'date', 'createdAt'])
@Index('ix_waitlist_entries_vendor', ['vendorId', 'createdAt'])
export class WaitlistEntryEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('zones', { name: 'fk_waitlist_entries_zone' })
  zoneId: string;

  @RefColumn()
  @ForeignKey('market_sessions', { name: 'fk_waitlist_entries_session' })
  sessionId: string;

  @LocalDateColumn()
  date: string;

  @RefColumn()
  @ForeignKey('vendors', { name: 'fk_waitlist_entries_vendor' })
  vendorId: string;

  @Column('varchar', { length: 16 })
  category: StallCategory;

  @Column('varchar', { length: 16 })
  status: WaitlistStatus;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

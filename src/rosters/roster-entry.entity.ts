import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';
import type { EntryStatus } from './roster.js';

/** The `roster_entries` table's schema (roster.repository.ts reads and writes it). */
@Entity('roster_entries')
// One vendor at most once on a duty occurrence, whoever writes it.
@Index('uq_roster_entries_duty_date_vendor', ['dutyId', 'date', 'vendorId'], { unique: true })
@Index('ix_roster_entries_zone_date', ['zoneId', 'date'])
@Index('ix_roster_entries_vendor_date', ['vendorId', 'date'])
export class RosterEntryEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  zoneId: string;

  @RefColumn()
  @ForeignKey('duties', { name: 'fk_roster_entries_duty' })
  dutyId: string;

  @RefColumn()
  sessionId: string;

  @LocalDateColumn()
  date: string;

  @RefColumn()
  @ForeignKey('vendors', { name: 'fk_roster_entries_vendor' })
  vendorId: string;

  @Column('varchar', { length: 16 })
  status: EntryStatus;

  @Column('boolean', { default: false })
  swapped: boolean;

  @Column('boolean', { default: false })
  understaffed: boolean;

  @RefColumn({ nullable: true })
  markedBy: string | null;

  @InstantColumn({ nullable: true })
  markedAt: number | null;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import type { StallCategory } from '../stalls/stall.js';
import type { DrawResult } from './allocation.js';

/** The `round_applications` table's schema (rounds.repository.ts reads and writes it). */
@Entity('round_applications')
// One application per vendor per round, and tickets numbered without gaps or repeats, whoever writes.
@Index('uq_round_applications_vendor', ['roundId', 'vendorId'], { unique: true })
@Index('uq_round_applications_ticket', ['roundId', 'ticket'], { unique: true })
export class RoundApplicationEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('rounds', { name: 'fk_round_applications_round' })
  roundId: string;

  @RefColumn()
  @ForeignKey('vendors', { name: 'fk_round_applications_vendor' })
  vendorId: string;

  @Column('integer')
  ticket: number;

  @Column('varchar', { length: 16 })
  category: StallCategory;

  @Column('boolean', { default: false })
  priority: boolean;

  @Column('integer', { nullable: true })
  position: number | null;

  @Column('varchar', { length: 16, nullable: true })
  result: DrawResult | null;

  @RefColumn({ nullable: true })
  stallId: string | null;

  @InstantColumn()
  createdAt: number;
}

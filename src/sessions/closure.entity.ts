import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';

/**
 * The `closures` table's schema (closures.repository.ts reads and writes it):
 * one area-wide closure (rain, heat, a holiday) and what it asked for. The
 * occurrences it cancelled are the `session_cancellations` rows that carry its id.
 */
@Entity('closures')
export class ClosureEntity {
  @IdColumn()
  id: string;

  @Index('ix_closures_date')
  @LocalDateColumn()
  date: string;

  @Column('varchar', { length: 500 })
  reason: string;

  @Column('varchar', { length: 100, nullable: true })
  district: string | null;

  /** The zones asked for (JSON list), or null: every zone (of the district, when one is given). */
  @Column('simple-json', { nullable: true })
  zoneIds: string[] | null;

  /** Only sessions of these names (JSON list), or null: every session. */
  @Column('simple-json', { nullable: true })
  sessionNames: string[] | null;

  @Column('integer')
  occurrences: number;

  @Column('integer')
  claimsCancelled: number;

  @RefColumn({ nullable: true })
  createdBy: string | null;

  @InstantColumn()
  createdAt: number;

  @InstantColumn({ nullable: true })
  restoredAt: number | null;
}

import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';
import type { RoundStatus } from './allocation.js';

/** The `rounds` table's schema (rounds.repository.ts reads and writes it). */
@Entity('rounds')
@Index('ix_rounds_zone', ['zoneId', 'createdAt'])
// A freed stall looks for a drawn round over its run: by session and period.
@Index('ix_rounds_session_period', ['sessionId', 'fromDate'])
export class RoundEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('zones', { name: 'fk_rounds_zone' })
  zoneId: string;

  @RefColumn()
  @ForeignKey('market_sessions', { name: 'fk_rounds_session' })
  sessionId: string;

  @LocalDateColumn()
  fromDate: string;

  @LocalDateColumn()
  toDate: string;

  @InstantColumn()
  applyUntil: number;

  @Column('varchar', { length: 64 })
  seedCommitment: string;

  @Column('varchar', { length: 200, nullable: true })
  seed: string | null;

  @Column('varchar', { length: 16 })
  status: RoundStatus;

  @InstantColumn({ nullable: true })
  drawnAt: number | null;

  @RefColumn({ nullable: true })
  drawnBy: string | null;

  @RefColumn({ nullable: true })
  createdBy: string | null;

  @InstantColumn()
  createdAt: number;
}

import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from '../database/columns.js';

/** The `session_cancellations` table's schema (cancellations.repository.ts reads and writes it). */
@Entity('session_cancellations')
export class SessionCancellationEntity {
  @PrimaryColumn('varchar', { length: 36 })
  @ForeignKey('market_sessions', { name: 'fk_session_cancellations_session' })
  sessionId: string;

  @PrimaryColumn('varchar', { length: 10 })
  date: string;

  @Column('varchar', { length: 500 })
  reason: string;

  @RefColumn({ nullable: true })
  createdBy: string | null;

  @InstantColumn()
  createdAt: number;

  /** The area closure that made this cancellation (restoring the closure restores it), or null: cancelled on its own. */
  @Index('ix_session_cancellations_closure')
  @RefColumn({ nullable: true })
  closureId: string | null;
}

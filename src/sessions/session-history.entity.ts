import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/**
 * The `session_history` table's schema (sessions.repository.ts reads and
 * writes it): a session's earlier timing, which ruled its occurrences before
 * `untilDate`, in the time zone it ran in.
 */
@Entity('session_history')
export class SessionHistoryEntity {
  @PrimaryColumn('varchar', { length: 36, primaryKeyConstraintName: 'PK_session_history' })
  @ForeignKey('market_sessions', { name: 'fk_session_history_session' })
  sessionId: string;

  @PrimaryColumn('varchar', { length: 10, primaryKeyConstraintName: 'PK_session_history' })
  untilDate: string;

  @Column('varchar', { length: 5 })
  startTime: string;

  @Column('varchar', { length: 5 })
  endTime: string;

  @Column('varchar', { length: 500 })
  rrule: string;

  @Column('varchar', { length: 10 })
  validFrom: string;

  @Column('varchar', { length: 10, nullable: true })
  validUntil: string | null;

  @Column('varchar', { length: 64 })
  timezone: string;

  @InstantColumn()
  createdAt: number;
}

import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from '../database/columns.js';
import { MarketSession } from './market-session.entity.js';

/** One occurrence called off (weather, holiday): an EXDATE of the session. */
@Entity('session_cancellations')
export class SessionCancellation {
  @PrimaryColumn('varchar', { length: 36 })
  @ForeignKey(() => MarketSession, { name: 'fk_session_cancellations_session' })
  sessionId: string;

  @PrimaryColumn('varchar', { length: 10 })
  date: string;

  @Column('varchar', { length: 500 })
  reason: string;

  @RefColumn({ nullable: true })
  createdBy: string | null;

  @InstantColumn()
  createdAt: number;
}

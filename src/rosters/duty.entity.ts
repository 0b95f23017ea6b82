import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';

/** The `duties` table's schema (duties.repository.ts reads and writes it). */
@Entity('duties')
export class DutyEntity {
  @IdColumn()
  id: string;

  @Index('ix_duties_zone')
  @RefColumn()
  @ForeignKey('zones', { name: 'fk_duties_zone' })
  zoneId: string;

  @RefColumn()
  @ForeignKey('market_sessions', { name: 'fk_duties_session' })
  sessionId: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Column('varchar', { length: 500 })
  rrule: string;

  @Column('integer')
  headcount: number;

  /** The date the duty's rule counts from (its phase: every other week from here). */
  @LocalDateColumn()
  anchorDate: string;

  @RefColumn({ nullable: true })
  createdBy: string | null;

  @InstantColumn()
  createdAt: number;
}

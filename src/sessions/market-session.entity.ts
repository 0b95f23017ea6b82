import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';

/** The `market_sessions` table's schema (sessions.repository.ts reads and writes it). */
@Entity('market_sessions')
export class MarketSessionEntity {
  @IdColumn()
  id: string;

  @Index('ix_market_sessions_zone')
  @RefColumn()
  @ForeignKey('zones', { name: 'fk_market_sessions_zone' })
  zoneId: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Column('varchar', { length: 5 })
  startTime: string;

  @Column('varchar', { length: 5 })
  endTime: string;

  @Column('varchar', { length: 500 })
  rrule: string;

  @LocalDateColumn()
  validFrom: string;

  @LocalDateColumn({ nullable: true })
  validUntil: string | null;

  @Column('integer')
  version: number;

  /** The first date the timing above rules; earlier dates follow session_history. */
  @LocalDateColumn({ default: '2000-01-01' })
  effectiveFrom: string;

  @InstantColumn({ nullable: true })
  deletedAt: number | null;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

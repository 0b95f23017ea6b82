import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';
import { num, numOrNull, Row, strOrNull } from '../database/row.js';
import { Zone } from '../zones/zone.entity.js';

/**
 * When a zone's market runs: a wall-clock window repeated by an RRULE.
 * Deleting keeps the row (deletedAt) so past claims keep their session.
 */
@Entity('market_sessions')
export class MarketSession {
  @IdColumn()
  id: string;

  @Index('ix_market_sessions_zone')
  @RefColumn()
  @ForeignKey(() => Zone, { name: 'fk_market_sessions_zone' })
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

  /** Bumped on every change of timing, so cached expansions know they are stale. */
  @Column('integer')
  version: number;

  @InstantColumn({ nullable: true })
  deletedAt: number | null;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;
}

export function sessionFromRow(row: Row): MarketSession {
  return {
    id: String(row.id),
    zoneId: String(row.zone_id),
    name: String(row.name),
    startTime: String(row.start_time),
    endTime: String(row.end_time),
    rrule: String(row.rrule),
    validFrom: String(row.valid_from),
    validUntil: strOrNull(row.valid_until),
    version: num(row.version),
    deletedAt: numOrNull(row.deleted_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

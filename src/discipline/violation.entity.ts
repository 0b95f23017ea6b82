import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import type { ViolationStatus, ViolationType } from './violation.js';

/** The `violations` table's schema (violations.repository.ts reads and writes it). */
@Entity('violations')
// A vendor's record, and the escalation window (upheld ones by time).
@Index('ix_violations_vendor_occurred', ['vendorId', 'occurredAt'])
// One automatic violation per claim or roster entry, whoever records it (the sweeper, or a read applying it).
@Index('uq_violations_source', ['type', 'sourceId'], { unique: true, where: `"source_id" IS NOT NULL` })
export class ViolationEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('vendors', { name: 'fk_violations_vendor' })
  vendorId: string;

  @RefColumn()
  @ForeignKey('zones', { name: 'fk_violations_zone' })
  zoneId: string;

  @Column('varchar', { length: 32 })
  type: ViolationType;

  @InstantColumn()
  occurredAt: number;

  @Column('varchar', { length: 500 })
  note: string;

  @RefColumn({ nullable: true })
  sourceId: string | null;

  @Column('varchar', { length: 16 })
  status: ViolationStatus;

  @Column('integer')
  rank: number;

  @InstantColumn({ nullable: true })
  suspendedUntil: number | null;

  @Column('varchar', { length: 1000, nullable: true })
  appealText: string | null;

  @InstantColumn({ nullable: true })
  appealedAt: number | null;

  @Column('varchar', { length: 500, nullable: true })
  resolutionNote: string | null;

  @RefColumn({ nullable: true })
  resolvedBy: string | null;

  @InstantColumn({ nullable: true })
  resolvedAt: number | null;

  @RefColumn({ nullable: true })
  createdBy: string | null;

  @InstantColumn()
  createdAt: number;
}

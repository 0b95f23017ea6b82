import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';
import type { OfferSource, OfferStatus } from './allocation.js';

/** The `offers` table's schema (offers.repository.ts reads and writes it). */
@Entity('offers')
// A freed stall is held for one vendor at a time, whoever writes.
@Index('uq_offers_open_slot', ['stallId', 'sessionId', 'date'], { unique: true, where: `"status" = 'open'` })
@Index('ix_offers_vendor', ['vendorId', 'createdAt'])
// The expiry sweep reads only the open ones.
@Index('ix_offers_open_expiry', ['expiresAt'], { where: `"status" = 'open'` })
@Index('ix_offers_run', ['sessionId', 'date'])
export class OfferEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('vendors', { name: 'fk_offers_vendor' })
  vendorId: string;

  @RefColumn()
  zoneId: string;

  @RefColumn()
  sessionId: string;

  @LocalDateColumn()
  date: string;

  @RefColumn()
  @ForeignKey('stalls', { name: 'fk_offers_stall' })
  stallId: string;

  @Column('varchar', { length: 16 })
  source: OfferSource;

  @RefColumn()
  sourceId: string;

  @Column('varchar', { length: 16 })
  status: OfferStatus;

  @InstantColumn()
  expiresAt: number;

  @InstantColumn({ nullable: true })
  remindedAt: number | null;

  @RefColumn({ nullable: true })
  claimId: string | null;

  @InstantColumn()
  createdAt: number;

  @InstantColumn({ nullable: true })
  decidedAt: number | null;
}

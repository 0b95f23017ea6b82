import { Column, Entity, Exclusion, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, LocalDateColumn, RefColumn } from '../database/columns.js';
import type { ClaimSource, ClaimStatus } from './claim.js';

/**
 * The `claims` table's schema (claims.repository.ts reads and writes it).
 *
 * The partial unique index is the guarantee that a slot has at most one active
 * claim; vendor overlap is guarded by a trigger (SQLite) or an exclusion
 * constraint (PostgreSQL) created in the migrations.
 */
@Entity('claims')
@Index('uq_claims_active_slot', ['stallId', 'sessionId', 'date'], {
  unique: true,
  // Settled claims (ended weeks ago, see ClaimSweeper) leave it: no one can claim a past slot,
  // and a year of history would otherwise be most of this index (230 MB at Nanchuan scale).
  where: `"status" IN ('confirmed', 'checked_in') AND NOT "settled"`,
})
// PostgreSQL only (TypeORM ignores exclusions on SQLite, where a trigger does the same job).
@Exclusion(
  'ex_claims_vendor_overlap',
  `USING gist ("vendor_id" WITH =, int8range("start_at", "end_at") WITH &&) WHERE ("status" IN ('confirmed', 'checked_in'))`,
)
@Index('ix_claims_vendor_start', ['vendorId', 'startAt'])
@Index('ix_claims_zone_date', ['zoneId', 'date'])
// For the no-show sweeper; partial, so the years of history never enter it.
@Index('ix_claims_confirmed_end', ['endAt'], { where: `"status" = 'confirmed'` })
// For settling: only the claims not settled yet.
@Index('ix_claims_unsettled_end', ['endAt'], { where: `NOT "settled"` })
// For the no-show block: a vendor's recent no-shows (and confirmed claims not yet swept) without its attended ones.
@Index('ix_claims_vendor_unattended', ['vendorId', 'endAt'], { where: `"status" IN ('no_show', 'confirmed')` })
export class ClaimEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('vendors', { name: 'fk_claims_vendor' })
  vendorId: string;

  @RefColumn()
  @ForeignKey('stalls', { name: 'fk_claims_stall' })
  stallId: string;

  @RefColumn()
  @ForeignKey('market_sessions', { name: 'fk_claims_session' })
  sessionId: string;

  @RefColumn()
  @ForeignKey('zones', { name: 'fk_claims_zone' })
  zoneId: string;

  @LocalDateColumn()
  date: string;

  @InstantColumn()
  startAt: number;

  @InstantColumn()
  endAt: number;

  @Column('varchar', { length: 24 })
  status: ClaimStatus;

  @Column('varchar', { length: 16 })
  source: ClaimSource;

  @InstantColumn()
  createdAt: number;

  @InstantColumn()
  updatedAt: number;

  @InstantColumn({ nullable: true })
  checkedInAt: number | null;

  @InstantColumn({ nullable: true })
  cancelledAt: number | null;

  /**
   * Set by the sweeper once the occurrence ended more than SETTLE_AFTER_MS ago:
   * the claim is history and leaves uq_claims_active_slot. Never read by the
   * API, and not loaded by TypeORM (`select: false`), so claim snapshots in the
   * audit log look alike whichever way the claim was read; claims the app builds
   * leave it to the database default (false).
   */
  @Column('boolean', { default: false, select: false })
  settled?: boolean;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `claim_bounds` table's schema: one row (id 1) holding the longest claim
 * ever stored, in ms — the lower bound of the vendor-overlap check on SQLite
 * (a trigger keeps it; claims.repository.ts reads it).
 */
@Entity('claim_bounds')
export class ClaimBoundsEntity {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_claim_bounds' })
  id: number;

  @Column('bigint')
  longestMs: number;
}

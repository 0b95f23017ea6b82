import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/** The `idempotency_keys` table's schema: the first answer to a request sent with an `Idempotency-Key`, per user. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('varchar', { length: 36 })
  userId: string;

  @PrimaryColumn('varchar', { length: 200 })
  key: string;

  @Column('varchar', { length: 64 })
  requestHash: string;

  @Column('integer')
  statusCode: number;

  @Column('text')
  responseBody: string;

  // For purging expired keys (ClaimSweeper).
  @Index('ix_idempotency_keys_created')
  @InstantColumn()
  createdAt: number;
}

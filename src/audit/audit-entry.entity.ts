import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';

/** The `audit_entries` table's schema: who did what, when, with the state before and after. */
@Entity('audit_entries')
@Index('ix_audit_entity', ['entityType', 'entityId'])
export class AuditEntryEntity {
  @IdColumn()
  id: string;

  @Index('ix_audit_at')
  @InstantColumn()
  at: number;

  @RefColumn({ nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 16 })
  actorRole: string;

  @Column('varchar', { length: 64 })
  action: string;

  @Column('varchar', { length: 32 })
  entityType: string;

  @Column('varchar', { length: 36 })
  entityId: string;

  @Column('text', { nullable: true })
  before: string | null;

  @Column('text', { nullable: true })
  after: string | null;
}

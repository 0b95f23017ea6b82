import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/** The `health_probes` table's schema: one row (id 1) the readiness check rewrites (health.repository.ts). */
@Entity('health_probes')
export class HealthProbeEntity {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'PK_health_probes' })
  id: number;

  @InstantColumn()
  at: number;

  /** Rewritten with fresh bytes by each probe, so a probe needs as much new space as a claim does. */
  @Column('text', { default: '' })
  payload: string;
}

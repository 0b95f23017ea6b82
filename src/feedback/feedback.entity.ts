import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import type { StallCategory } from '../stalls/stall.js';
import type { FeedbackKind, FeedbackStatus } from './feedback.js';

/** The `feedback` table's schema (feedback.repository.ts reads and writes it). */
@Entity('feedback')
@Index('ix_feedback_zone_created', ['zoneId', 'createdAt'])
export class FeedbackEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  @ForeignKey('zones', { name: 'fk_feedback_zone' })
  zoneId: string;

  @Column('varchar', { length: 16 })
  kind: FeedbackKind;

  @Column('varchar', { length: 16, nullable: true })
  category: StallCategory | null;

  @Column('varchar', { length: 500 })
  text: string;

  @Column('varchar', { length: 100, nullable: true })
  contact: string | null;

  @Column('varchar', { length: 16 })
  status: FeedbackStatus;

  @Column('varchar', { length: 500, nullable: true })
  resolutionNote: string | null;

  @RefColumn({ nullable: true })
  resolvedBy: string | null;

  @InstantColumn({ nullable: true })
  resolvedAt: number | null;

  @Index('ix_feedback_created')
  @InstantColumn()
  createdAt: number;
}

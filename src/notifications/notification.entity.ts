import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns.js';
import type { NotificationEvent } from '../common/ports/notifier.js';
import type { DeliveryState } from './notification.js';

/**
 * The `notifications` table: the outbox (notifications.repository.ts reads and
 * writes it). A row is written in the transaction of the change it tells of,
 * and delivered afterwards; it stays as the vendor's notification list.
 */
@Entity('notifications')
@Index('ix_notifications_vendor_created', ['vendorId', 'createdAt'])
@Index('ix_notifications_pending', ['createdAt'], { where: "state = 'pending'" })
export class NotificationEntity {
  @IdColumn()
  id: string;

  @RefColumn()
  vendorId: string;

  @Column('varchar', { length: 40 })
  event: NotificationEvent;

  /** The event's fields as JSON (see the Notifier port). */
  @Column('text')
  data: string;

  @Column('varchar', { length: 1000 })
  textZh: string;

  @Column('varchar', { length: 1000 })
  textEn: string;

  @InstantColumn()
  createdAt: number;

  @Column('varchar', { length: 16 })
  state: DeliveryState;

  @Column('integer')
  attempts: number;

  @InstantColumn()
  nextAttemptAt: number;

  @InstantColumn({ nullable: true })
  leaseUntil: number | null;

  @InstantColumn({ nullable: true })
  deliveredAt: number | null;

  @Column('varchar', { length: 500, nullable: true })
  lastError: string | null;
}

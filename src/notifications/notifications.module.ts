import { Global, Module } from '@nestjs/common';
import { Notifier } from '../common/ports/notifier.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OutboxNotifier } from './outbox-notifier.js';
import { WebhookDelivery } from './webhook-delivery.service.js';

/**
 * Notifications: the outbox and its webhook delivery. Global only for the
 * Notifier port, which modules at every level (vendors, claims, rosters,
 * allocation, discipline) write through without importing this module.
 */
@Global()
@Module({
  imports: [VendorsModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, WebhookDelivery, { provide: Notifier, useClass: OutboxNotifier }],
  exports: [Notifier],
})
export class NotificationsModule {}

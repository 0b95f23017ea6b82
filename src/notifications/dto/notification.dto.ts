import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../../common/ports/notifier.js';
import { DELIVERY_STATES, type DeliveryState } from '../notification.js';

export class MessageTextsResponse {
  @ApiProperty({ example: '【潮汐摊区】您的摊主登记已通过审核，现在可以预约摊位了。' }) zh: string;
  @ApiProperty({ example: '[Tidal Market] Your vendor registration has been approved; you can claim stalls now.' }) en: string;
}

export class DeliveryResponse {
  @ApiProperty({
    enum: DELIVERY_STATES,
    description: 'pending: not yet taken by the webhook (or none is configured); failed: given up after retries',
  })
  state: DeliveryState;
  @ApiProperty({ description: 'attempts made so far' }) attempts: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T06:00:02+08:00' }) deliveredAt: string | null;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid', description: 'also the X-Tidal-Message-Id the webhook receiver de-duplicates on' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS }) event: NotificationEvent;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "the event's fields, e.g. claim.cancelled_by_market: claimId, zoneName, sessionName, date, stallCode, cause, reason",
  })
  data: Record<string, unknown>;
  @ApiProperty({ type: MessageTextsResponse, description: 'the message in Chinese and English, as the webhook sends it' })
  text: MessageTextsResponse;
  @ApiProperty({ example: '2026-12-01T06:00:00+08:00' }) createdAt: string;
  @ApiProperty({ type: DeliveryResponse }) delivery: DeliveryResponse;
}

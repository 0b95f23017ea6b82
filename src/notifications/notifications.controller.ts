import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { NotificationResponse } from './dto/notification.dto.js';
import { toNotificationResponse } from './notification.mapper.js';
import { NotificationsRepository } from './notifications.repository.js';

const NotificationPage = PageOf(NotificationResponse, 'NotificationPage');

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('vendors/me/notifications')
export class NotificationsController {
  constructor(private readonly outbox: NotificationsRepository) {}

  @Get()
  @Roles('vendor')
  @ApiOperation({
    summary: "The caller's notifications, newest first",
    description:
      'Every message the service has for the vendor (approval, rejection, suspension, a claim cancelled by the market, offers, duty turns, violations), ' +
      'with its text in Chinese and English and how its webhook delivery went. Suspended and rejected vendors read theirs too.',
  })
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async mine(@Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const page = await this.outbox.ofVendor(actor.id, query.limit, query.offset);
    return { items: page.items.map(toNotificationResponse), total: page.total };
  }
}

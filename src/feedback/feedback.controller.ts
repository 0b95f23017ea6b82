import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles, StaffOrZoneCaptain } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ZoneCaptains } from '../common/ports/zone-captains.js';
import { PageOf } from '../common/pagination.js';
import { FeedbackRateLimited } from '../common/rate-limit.js';
import { ParseIdPipe } from '../common/validation.js';
import { CreateFeedbackDto, FeedbackCreatedResponse, FeedbackResponse, ListFeedbackQuery, ResolveFeedbackDto } from './dto/feedback.dto.js';
import { toFeedbackResponse } from './feedback.mapper.js';
import { FeedbackService } from './feedback.service.js';

const FeedbackPage = PageOf(FeedbackResponse, 'FeedbackPage');

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly captains: ZoneCaptains,
  ) {}

  @Post('public/zones/:id/feedback')
  @Public()
  @FeedbackRateLimited()
  @ApiOperation({
    summary: "A resident's wish, problem or praise about a market (no account)",
    description: 'Limited per client address (FEEDBACK_RATE_LIMIT_PER_HOUR, default 10): 429 RATE_LIMITED with Retry-After.',
  })
  @ApiCreatedResponse({ type: FeedbackCreatedResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.RATE_LIMITED)
  async create(@Param('id', ParseIdPipe) zoneId: string, @Body() dto: CreateFeedbackDto): Promise<FeedbackCreatedResponse> {
    return { id: (await this.feedback.create(zoneId, dto)).id };
  }

  @Get('feedback')
  @StaffOrZoneCaptain()
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Residents' feedback, newest first, by zone, kind and status",
    description:
      "Staff read all of it; a zone's captain (not suspended) reads its own zone's, naming it in zoneId (403 FORBIDDEN otherwise).",
  })
  @ApiOkResponse({ type: FeedbackPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async list(@Query() query: ListFeedbackQuery, @CurrentActor() actor: Actor) {
    if (actor.role !== 'staff' && (query.zoneId === undefined || !(await this.captains.mayManage(actor, query.zoneId)))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'a captain reads the feedback of their own zone: name it in zoneId');
    }
    const page = await this.feedback.list(query);
    return { items: page.items.map(toFeedbackResponse), total: page.total };
  }

  @Post('feedback/:id/resolve')
  @HttpCode(200)
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mark feedback resolved, saying what was done' })
  @ApiOkResponse({ type: FeedbackResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.NOT_FOUND,
    ErrorCode.INVALID_STATE_TRANSITION,
    ErrorCode.UNAUTHORIZED,
    ErrorCode.FORBIDDEN,
  )
  async resolve(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ResolveFeedbackDto,
    @CurrentActor() actor: Actor,
  ): Promise<FeedbackResponse> {
    return toFeedbackResponse(await this.feedback.resolve(id, dto.note, actor));
  }
}

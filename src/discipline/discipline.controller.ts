import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { ParseIdPipe } from '../common/validation.js';
import { DisciplineService } from './discipline.service.js';
import { AppealDto, ListViolationsQuery, RecordViolationDto, ResolveViolationDto, ViolationResponse } from './dto/violation.dto.js';
import { toViolationResponse } from './violation.mapper.js';

const ViolationPage = PageOf(ViolationResponse, 'ViolationPage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

@ApiTags('discipline')
@ApiBearerAuth()
@Controller()
export class DisciplineController {
  constructor(private readonly discipline: DisciplineService) {}

  @Post('vendors/:id/violations')
  @Roles('staff')
  @ApiOperation({
    summary: 'Record a violation; it escalates along the ladder',
    description:
      'Counting the vendor’s violations still upheld in the last 90 days (VIOLATION_WINDOW_DAYS), this one included: 1st a warning, 2nd a 7-day ' +
      'suspension, 3rd or more 90 days (VIOLATION_LADDER). A suspension cancels the vendor’s claims in its period (cancelled_by_market) and offers them on.',
  })
  @ApiCreatedResponse({ type: ViolationResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async record(
    @Param('id', ParseIdPipe) vendorId: string,
    @Body() dto: RecordViolationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ViolationResponse> {
    return toViolationResponse(await this.discipline.record(vendorId, dto, actor));
  }

  @Get('vendors/me/violations')
  @Roles('vendor')
  @ApiOperation({ summary: "The caller's violations, newest first (suspended vendors read theirs too)" })
  @ApiOkResponse({ type: ViolationPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async mine(@Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.page(actor.id, query);
  }

  @Get('vendors/:id/violations')
  @Roles('staff')
  @ApiOperation({ summary: "A vendor's violations, newest first" })
  @ApiOkResponse({ type: ViolationPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async ofVendor(@Param('id', ParseIdPipe) vendorId: string, @Query() query: PageQuery) {
    return this.page(vendorId, query);
  }

  @Get('violations')
  @Roles('staff')
  @ApiOperation({
    summary: "Every vendor's violations, newest recorded first, optionally by status",
    description: 'status=appealed is the queue of appeals waiting for a decision (POST /api/violations/:id/resolve).',
  })
  @ApiOkResponse({ type: ViolationPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  async list(@Query() query: ListViolationsQuery) {
    const page = await this.discipline.list({ status: query.status }, { limit: query.limit, offset: query.offset });
    return { items: page.items.map(toViolationResponse), total: page.total };
  }

  @Post('violations/:id/appeal')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({
    summary: 'Appeal your violation (within 7 days of its recording, once)',
    description:
      'Another vendor’s violation is 404; an appeal after 7 days 422 APPEAL_WINDOW_CLOSED; a second one 409 INVALID_STATE_TRANSITION.',
  })
  @ApiOkResponse({ type: ViolationResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.NOT_FOUND,
    ErrorCode.INVALID_STATE_TRANSITION,
    ErrorCode.APPEAL_WINDOW_CLOSED,
    ...AUTH_ERRORS,
  )
  async appeal(@Param('id', ParseIdPipe) id: string, @Body() dto: AppealDto, @CurrentActor() actor: Actor): Promise<ViolationResponse> {
    return toViolationResponse(await this.discipline.appeal(id, dto.text, actor));
  }

  @Post('violations/:id/resolve')
  @HttpCode(200)
  @Roles('staff')
  @ApiOperation({
    summary: 'Decide an appeal: upheld, or overturned (no longer counts; lifts the suspensions it was counted in)',
    description: 'Only an appealed violation (409 INVALID_STATE_TRANSITION otherwise).',
  })
  @ApiOkResponse({ type: ViolationResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  async resolve(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ResolveViolationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ViolationResponse> {
    return toViolationResponse(await this.discipline.resolve(id, dto.upheld, dto.note, actor));
  }

  private async page(vendorId: string, query: PageQuery) {
    const page = await this.discipline.ofVendor(vendorId, query);
    return { items: page.items.map(toViolationResponse), total: page.total };
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf } from '../common/pagination.js';
import { ParseIdPipe } from '../common/validation.js';
import { ClaimsService } from './claims.service.js';
import { ClaimResponse, CreateClaimDto, MyClaimsQuery, VendorClaimResponse } from './dto/claim.dto.js';
import { parseIdempotencyKey } from './idempotency.js';

const VendorClaimPage = PageOf(VendorClaimResponse, 'VendorClaimPage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

@ApiTags('claims')
@ApiBearerAuth()
@Controller()
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post('claims')
  @Roles('vendor')
  @ApiOperation({
    summary: 'Claim a stall for one occurrence of a session',
    description:
      'When several refusals apply, the first in this order is returned: VENDOR_NOT_APPROVED, VENDOR_SUSPENDED, NO_SHOW_BLOCK, ZONE_SUSPENDED, STALL_CLOSED, NOT_AN_OCCURRENCE, OCCURRENCE_CANCELLED, OUTSIDE_BOOKING_WINDOW, CATEGORY_MISMATCH, SLOT_TAKEN, VENDOR_OVERLAP, WEEKLY_LIMIT.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$', minLength: 1, maxLength: 200 },
    description:
      '1–200 visible ASCII characters; for a day, a repeat with the same key and body returns the first answer and creates nothing',
  })
  @ApiCreatedResponse({ type: ClaimResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ...AUTH_ERRORS,
    ErrorCode.VENDOR_NOT_APPROVED,
    ErrorCode.VENDOR_SUSPENDED,
    ErrorCode.NO_SHOW_BLOCK,
    ErrorCode.NOT_FOUND,
    ErrorCode.ZONE_SUSPENDED,
    ErrorCode.STALL_CLOSED,
    ErrorCode.SLOT_TAKEN,
    ErrorCode.VENDOR_OVERLAP,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ErrorCode.NOT_AN_OCCURRENCE,
    ErrorCode.OCCURRENCE_CANCELLED,
    ErrorCode.OUTSIDE_BOOKING_WINDOW,
    ErrorCode.CATEGORY_MISMATCH,
    ErrorCode.WEEKLY_LIMIT,
    ErrorCode.SERVICE_UNAVAILABLE,
  )
  create(
    @Body() dto: CreateClaimDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ClaimResponse> {
    return this.claims.create(actor, dto, parseIdempotencyKey(key));
  }

  @Get('claims/:id')
  @Roles('staff', 'vendor')
  @ApiOperation({ summary: "A claim: its vendor's own, or any for staff" })
  @ApiOkResponse({ type: ClaimResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ClaimResponse> {
    return this.claims.get(actor, id);
  }

  @Post('claims/:id/cancel')
  @HttpCode(200)
  @Roles('staff', 'vendor')
  @ApiOperation({ summary: 'Cancel a claim: its vendor before the start, staff until the end' })
  @ApiOkResponse({ type: ClaimResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ErrorCode.OUTSIDE_CANCEL_WINDOW, ...AUTH_ERRORS)
  cancel(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ClaimResponse> {
    return this.claims.cancel(actor, id);
  }

  @Post('claims/:id/check-in')
  @HttpCode(200)
  @Roles('staff', 'vendor')
  @ApiOperation({
    summary: 'Check in: its vendor from 30 minutes before the start to the end; staff from 30 minutes before, also afterwards',
  })
  @ApiOkResponse({ type: ClaimResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ErrorCode.OUTSIDE_CHECK_IN_WINDOW, ...AUTH_ERRORS)
  checkIn(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ClaimResponse> {
    return this.claims.checkIn(actor, id);
  }

  @Get('vendors/me/claims')
  @Roles('vendor')
  @ApiOperation({
    summary: "The calling vendor's claims by date (default: 30 days back to 90 days ahead)",
    description: 'Each claim carries zoneName, stallCode and sessionName (current names), so a phone shows it without more requests.',
  })
  @ApiOkResponse({ type: VendorClaimPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  listMine(@Query() query: MyClaimsQuery, @CurrentActor() actor: Actor) {
    return this.claims.listMine(actor, query);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { ParseIdPipe } from '../common/validation.js';
import { ClaimResponse } from '../claims/dto/claim.dto.js';
import { StallsService } from '../stalls/stalls.service.js';
import { ZonesService } from '../zones/zones.service.js';
import type { Offer } from './allocation.js';
import { toOfferResponse, toWaitlistResponse } from './allocation.mapper.js';
import { JoinWaitlistDto, OfferResponse, WaitlistEntryResponse, WaitlistListResponse } from './dto/allocation.dto.js';
import { OffersService } from './offers.service.js';
import { WaitlistService } from './waitlist.service.js';

const OfferPage = PageOf(OfferResponse, 'OfferPage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

@ApiTags('allocation')
@ApiBearerAuth()
@Controller()
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly offers: OffersService,
    private readonly stalls: StallsService,
    private readonly zones: ZonesService,
    private readonly clock: Clock,
  ) {}

  @Post('waitlist')
  @Roles('vendor')
  @ApiOperation({
    summary: 'Join the line for a stall of a category on one run',
    description:
      'When an active claim on that run is cancelled, the first in line with a fitting category (the stall’s own, or any for a general stall) ' +
      'is offered it — after the waitlist of any drawn round over that run. Refusals: 403 VENDOR_SUSPENDED / VENDOR_NOT_APPROVED, ' +
      '422 NOT_AN_OCCURRENCE, OCCURRENCE_CANCELLED, OCCURRENCE_STARTED, CATEGORY_MISMATCH; 409 VENDOR_OVERLAP (you hold a stall ' +
      'on that run), ALREADY_APPLIED (in line already).',
  })
  @ApiCreatedResponse({ type: WaitlistEntryResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.NOT_FOUND,
    ErrorCode.VENDOR_NOT_APPROVED,
    ErrorCode.VENDOR_SUSPENDED,
    ErrorCode.NOT_AN_OCCURRENCE,
    ErrorCode.OCCURRENCE_CANCELLED,
    ErrorCode.OCCURRENCE_STARTED,
    ErrorCode.CATEGORY_MISMATCH,
    ErrorCode.VENDOR_OVERLAP,
    ErrorCode.ALREADY_APPLIED,
    ...AUTH_ERRORS,
  )
  async join(@Body() dto: JoinWaitlistDto, @CurrentActor() actor: Actor): Promise<WaitlistEntryResponse> {
    return toWaitlistResponse(await this.waitlist.join(dto, actor));
  }

  @Get('vendors/me/waitlist')
  @Roles('vendor')
  @ApiOperation({ summary: 'Where the caller is in line (waiting, or holding an offer)' })
  @ApiOkResponse({ type: WaitlistListResponse })
  @ApiErrors(...AUTH_ERRORS)
  async myLines(@CurrentActor() actor: Actor): Promise<WaitlistListResponse> {
    return { items: (await this.waitlist.mine(actor.id)).map(toWaitlistResponse) };
  }

  @Delete('waitlist/:id')
  @HttpCode(204)
  @Roles('vendor')
  @ApiOperation({ summary: 'Leave a line (while still waiting; an offer already made is declined instead)' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  async leave(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.waitlist.leave(id, actor);
  }

  @Get('vendors/me/offers')
  @Roles('vendor')
  @ApiOperation({ summary: "The caller's offers of freed stalls, newest first (expiries due are applied first)" })
  @ApiOkResponse({ type: OfferPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  async myOffers(@Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const page = await this.offers.mine(actor.id, query);
    return { items: await this.present(page.items), total: page.total };
  }

  @Post('offers/:id/accept')
  @Roles('vendor')
  @ApiOperation({
    summary: 'Accept an offer: it becomes a claim',
    description:
      'Every claim rule applies (VENDOR_OVERLAP, WEEKLY_LIMIT…); an offer no longer open or past its time is 409 INVALID_STATE_TRANSITION; ' +
      'another vendor’s offer is 404.',
  })
  @ApiCreatedResponse({ type: ClaimResponse })
  @ApiErrors(
    ErrorCode.NOT_FOUND,
    ErrorCode.INVALID_STATE_TRANSITION,
    ErrorCode.VENDOR_NOT_APPROVED,
    ErrorCode.VENDOR_SUSPENDED,
    ErrorCode.NO_SHOW_BLOCK,
    ErrorCode.ZONE_SUSPENDED,
    ErrorCode.STALL_CLOSED,
    ErrorCode.NOT_AN_OCCURRENCE,
    ErrorCode.OCCURRENCE_CANCELLED,
    ErrorCode.OCCURRENCE_STARTED,
    ErrorCode.OUTSIDE_BOOKING_WINDOW,
    ErrorCode.CATEGORY_MISMATCH,
    ErrorCode.SLOT_TAKEN,
    ErrorCode.VENDOR_OVERLAP,
    ErrorCode.WEEKLY_LIMIT,
    ...AUTH_ERRORS,
  )
  accept(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ClaimResponse> {
    return this.offers.accept(id, actor);
  }

  @Post('offers/:id/decline')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({ summary: 'Turn an offer down: it passes to the next in line at once' })
  @ApiOkResponse({ type: OfferResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  async decline(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<OfferResponse> {
    return (await this.present([await this.offers.decline(id, actor)]))[0];
  }

  private async present(offers: Offer[]): Promise<OfferResponse[]> {
    const codes = await this.stalls.codes(offers.map((o) => o.stallId));
    const timezones = await this.zones.timezones(offers.map((o) => o.zoneId));
    const now = this.clock.now();
    return offers.map((o) => toOfferResponse(o, codes.get(o.stallId) ?? '', timezones.get(o.zoneId) ?? 'Asia/Shanghai', now));
  }
}

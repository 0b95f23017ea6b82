import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { ParseIdPipe } from '../common/validation.js';
import { ZonesService } from '../zones/zones.service.js';
import type { Round } from './allocation.js';
import { toApplicationResponse, toRoundResponse } from './allocation.mapper.js';
import {
  ApplicationListResponse,
  ApplicationResponse,
  ApplyDto,
  CreateRoundDto,
  DrawDto,
  DrawResponse,
  RoundResponse,
  RoundResultsResponse,
} from './dto/allocation.dto.js';
import { RoundsService } from './rounds.service.js';

const RoundPage = PageOf(RoundResponse, 'RoundPage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

@ApiTags('allocation')
@Controller()
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly zones: ZonesService,
  ) {}

  @Post('zones/:zoneId/rounds')
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Open a lottery round for a session over a period, publishing the seed’s SHA-256',
    description: 'applyUntil must lie ahead (400); the period at most 366 days; a session of another zone is 422 NOT_AN_OCCURRENCE.',
  })
  @ApiCreatedResponse({ type: RoundResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.NOT_AN_OCCURRENCE, ...AUTH_ERRORS)
  async create(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Body() dto: CreateRoundDto,
    @CurrentActor() actor: Actor,
  ): Promise<RoundResponse> {
    return this.present(await this.rounds.create(zoneId, dto, actor));
  }

  @Get('zones/:zoneId/rounds')
  @Roles('staff', 'vendor')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A zone's lottery rounds, newest first" })
  @ApiOkResponse({ type: RoundPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async list(@Param('zoneId', ParseIdPipe) zoneId: string, @Query() query: PageQuery) {
    const page = await this.rounds.ofZone(zoneId, query);
    return { items: await Promise.all(page.items.map((round) => this.present(round))), total: page.total };
  }

  @Get('rounds/:id')
  @Roles('staff', 'vendor')
  @ApiBearerAuth()
  @ApiOkResponse({ type: RoundResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async get(@Param('id', ParseIdPipe) id: string): Promise<RoundResponse> {
    return this.present(await this.rounds.get(id));
  }

  @Get('rounds/:id/applications')
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A round's applications by ticket (in draw order once drawn)" })
  @ApiOkResponse({ type: ApplicationListResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async applications(@Param('id', ParseIdPipe) id: string): Promise<ApplicationListResponse> {
    await this.rounds.get(id);
    return { items: (await this.rounds.applications(id)).map(toApplicationResponse) };
  }

  @Post('rounds/:id/applications')
  @Roles('vendor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Apply to a lottery round (approved vendors, once each)',
    description:
      'Refusals, the first that applies: 403 VENDOR_SUSPENDED / VENDOR_NOT_APPROVED, 422 ROUND_CLOSED (after applyUntil, or drawn), ' +
      '409 ALREADY_APPLIED, 422 CATEGORY_MISMATCH (a category the vendor does not sell, general aside).',
  })
  @ApiCreatedResponse({ type: ApplicationResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.NOT_FOUND,
    ErrorCode.VENDOR_NOT_APPROVED,
    ErrorCode.VENDOR_SUSPENDED,
    ErrorCode.ROUND_CLOSED,
    ErrorCode.ALREADY_APPLIED,
    ErrorCode.CATEGORY_MISMATCH,
    ...AUTH_ERRORS,
  )
  async apply(@Param('id', ParseIdPipe) id: string, @Body() dto: ApplyDto, @CurrentActor() actor: Actor): Promise<ApplicationResponse> {
    return toApplicationResponse(await this.rounds.apply(id, dto.category, actor));
  }

  @Post('rounds/:id/draw')
  @HttpCode(200)
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Reveal the seed and draw (closes applications)',
    description:
      'Priority-group applicants first, then the rest, each group shuffled by the documented HMAC-SHA-256 Fisher–Yates keyed by the seed; ' +
      'winners get one stall of their category (else a general one) and a standing claim on every run of the period the claim rules allow; ' +
      'the rest form the round’s waitlist in draw order.',
  })
  @ApiOkResponse({ type: DrawResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.SEED_MISMATCH, ErrorCode.ALREADY_DRAWN, ...AUTH_ERRORS)
  async draw(@Param('id', ParseIdPipe) id: string, @Body() dto: DrawDto, @CurrentActor() actor: Actor): Promise<DrawResponse> {
    const draw = await this.rounds.draw(id, dto.seed, actor);
    return { ...(await this.rounds.presentDraw(draw.round, draw.applications)), claimsCreated: draw.claimsCreated };
  }

  @Get('public/rounds/:id/results')
  @Public()
  @ApiOperation({
    summary: "A drawn round's public results: the seed, its commitment and the draw order, names and phones masked",
    description:
      'Enough to recompute the draw: each group (priority, then the rest) in ticket order, shuffled as documented. 404 until drawn.',
  })
  @ApiOkResponse({ type: RoundResultsResponse })
  @ApiErrors(ErrorCode.NOT_FOUND)
  results(@Param('id', ParseIdPipe) id: string): Promise<RoundResultsResponse> {
    return this.rounds.results(id);
  }

  private async present(round: Round): Promise<RoundResponse> {
    const zone = await this.zones.get(round.zoneId);
    return toRoundResponse(round, (await this.rounds.applications(round.id)).length, zone.timezone);
  }
}

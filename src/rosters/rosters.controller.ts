import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles, StaffOrZoneCaptain } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { DateRangeQuery, resolveRange } from '../common/date-range.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Cacheable, HttpCacheInterceptor } from '../common/http-cache.js';
import { ClientLanguage, type Language } from '../common/language.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { ParseIdPipe } from '../common/validation.js';
import { localDate } from '../recurrence/local-time.js';
import { ZonesService } from '../zones/zones.service.js';
import { DutiesService } from './duties.service.js';
import {
  CreateDutyDto,
  DutyListResponse,
  DutyResponse,
  GenerateRosterDto,
  PendingSwapsResponse,
  RequestSwapDto,
  RosterEntryResponse,
  RosterResponse,
  SwapCandidatesResponse,
  SwapResponse,
} from './dto/roster.dto.js';
import { rosterCsv } from './roster-csv.js';
import { toDutyResponse, toEntryResponse, toPendingSwapResponse, toSwapResponse } from './roster.mapper.js';
import { Range, RosterService } from './roster.service.js';
import { SwapBoard } from './swap-board.service.js';
import { SwapsService } from './swaps.service.js';

/** Without from/to, a roster shows the coming 30 days. */
export const DEFAULT_ROSTER_DAYS = 30;
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;
const CAPTAIN_NOTE =
  'Staff, or a captain of this zone who is not suspended (403 FORBIDDEN for anyone else, a captain of another zone included).';

@ApiTags('rosters')
@ApiBearerAuth()
@Controller()
export class RostersController {
  constructor(
    private readonly duties: DutiesService,
    private readonly roster: RosterService,
    private readonly swaps: SwapsService,
    private readonly board: SwapBoard,
    private readonly zones: ZonesService,
    private readonly clock: Clock,
  ) {}

  @Post('zones/:zoneId/duties')
  @Roles('staff')
  @ApiOperation({ summary: 'Define a duty the vendors of a zone take turns at, on the runs of one session its rule also matches' })
  @ApiCreatedResponse({ type: DutyResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_RECURRENCE, ErrorCode.NOT_FOUND, ErrorCode.NOT_AN_OCCURRENCE, ...AUTH_ERRORS)
  async createDuty(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Body() dto: CreateDutyDto,
    @CurrentActor() actor: Actor,
  ): Promise<DutyResponse> {
    return toDutyResponse(await this.duties.create(zoneId, dto, actor));
  }

  @Get('zones/:zoneId/duties')
  @StaffOrZoneCaptain()
  @ApiOperation({ summary: "A zone's duties", description: CAPTAIN_NOTE })
  @ApiOkResponse({ type: DutyListResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async listDuties(@Param('zoneId', ParseIdPipe) zoneId: string, @CurrentActor() actor: Actor): Promise<DutyListResponse> {
    await this.roster.assertZone(actor, zoneId);
    return { items: (await this.duties.ofZone(zoneId)).map(toDutyResponse) };
  }

  @Post('zones/:zoneId/roster/generate')
  @StaffOrZoneCaptain()
  @ApiOperation({
    summary: 'Generate the roster for a date range, fairly among the vendors present',
    description:
      'For each duty occurrence, headcount vendors among those with an active claim on that run: fewest entries in the zone dated before it first, ' +
      'then longest since the last, then vendor id; a vendor takes at most one duty a day while others present are free. ' +
      'Entries done, missed or swapped stay; the range’s other entries are replaced (their ids may change). Too few present → fewer entries, ' +
      `each understaffed. Answers the range's whole roster. ${CAPTAIN_NOTE}`,
  })
  @ApiCreatedResponse({ type: RosterResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async generate(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Body() dto: GenerateRosterDto,
    @CurrentActor() actor: Actor,
  ): Promise<RosterResponse> {
    return { items: (await this.roster.generate(zoneId, { from: dto.from, to: dto.to }, actor)).map(toEntryResponse) };
  }

  @Get('zones/:zoneId/roster')
  @StaffOrZoneCaptain()
  @ApiOperation({ summary: "A zone's roster with vendor names (default: the coming 30 days)", description: CAPTAIN_NOTE })
  @ApiOkResponse({ type: RosterResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async list(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Query() query: DateRangeQuery,
    @CurrentActor() actor: Actor,
  ): Promise<RosterResponse> {
    const range = await this.zoneRange(zoneId, query);
    return { items: (await this.roster.list(zoneId, range, actor)).map(toEntryResponse) };
  }

  @Get('zones/:zoneId/roster.csv')
  @StaffOrZoneCaptain()
  @Header('content-disposition', 'attachment; filename="roster.csv"')
  @UseInterceptors(HttpCacheInterceptor)
  @ApiOperation({
    summary: "The roster for the zone's notice board, as CSV",
    description:
      'UTF-8 with a byte-order mark, a header row (Chinese when Accept-Language prefers zh), then one row per entry: date, duty, session, vendor, stall. ' +
      'Gzipped when the client accepts it; an ETag with each answer (a matching If-None-Match gets 304). ' +
      CAPTAIN_NOTE,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv', schema: { type: 'string' } })
  @ApiNotModifiedResponse({ description: 'The roster is unchanged since the ETag given in If-None-Match' })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async csv(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Query() query: DateRangeQuery,
    @CurrentActor() actor: Actor,
    @ClientLanguage() language: Language,
  ): Promise<Cacheable> {
    const range = await this.zoneRange(zoneId, query);
    const csv = rosterCsv(await this.roster.noticeBoard(zoneId, range, actor), language);
    // The header row follows the reader's language, so the answer varies with Accept-Language too.
    return Cacheable.ofBody('roster-csv', 'text/csv; charset=utf-8', csv, ['Accept-Language']);
  }

  @Get('vendors/me/duties')
  @Roles('vendor')
  @ApiOperation({ summary: "The calling vendor's own turns, in every zone (default: the coming 30 days)" })
  @ApiOkResponse({ type: RosterResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  async mine(@Query() query: DateRangeQuery, @CurrentActor() actor: Actor): Promise<RosterResponse> {
    const range = resolveRange(query, localDate(this.clock.now(), DEFAULT_TIMEZONE), DEFAULT_ROSTER_DAYS);
    return { items: (await this.roster.mine(actor.id, range)).map(toEntryResponse) };
  }

  @Post('roster/:entryId/swap')
  @Roles('vendor')
  @ApiOperation({
    summary: 'Ask another vendor to take your turn',
    description:
      'Only the vendor on the turn (403); not with yourself (400); the other must hold an active claim on that run (422 VENDOR_NOT_PRESENT) and not be on ' +
      'this duty that day (409); a turn done or missed (409 INVALID_STATE_TRANSITION) or whose run has started (422 OCCURRENCE_STARTED) cannot be swapped.',
  })
  @ApiCreatedResponse({ type: SwapResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.NOT_FOUND,
    ErrorCode.INVALID_STATE_TRANSITION,
    ErrorCode.OCCURRENCE_STARTED,
    ErrorCode.VENDOR_NOT_PRESENT,
    ...AUTH_ERRORS,
  )
  async requestSwap(
    @Param('entryId', ParseIdPipe) entryId: string,
    @Body() dto: RequestSwapDto,
    @CurrentActor() actor: Actor,
  ): Promise<SwapResponse> {
    return toSwapResponse(await this.swaps.request(entryId, dto.toVendorId, actor));
  }

  @Get('roster/:entryId/swap-candidates')
  @Roles('vendor')
  @ApiOperation({
    summary: 'Who could take your turn: the vendors present on its run (an active claim), by stall code and masked name',
    description:
      'Only the vendor on the turn (403). Leaves out the caller and the vendors already on this duty that day. Choose one and ' +
      'POST /api/roster/:entryId/swap with its vendorId; the request checks presence again.',
  })
  @ApiOkResponse({ type: SwapCandidatesResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async swapCandidates(@Param('entryId', ParseIdPipe) entryId: string, @CurrentActor() actor: Actor): Promise<SwapCandidatesResponse> {
    return { items: await this.board.candidates(entryId, actor) };
  }

  @Get('vendors/me/swaps')
  @Roles('vendor')
  @ApiOperation({
    summary: 'The swaps waiting for an answer that the calling vendor was asked (incoming: accept them) or asked (outgoing)',
  })
  @ApiOkResponse({ type: PendingSwapsResponse })
  @ApiErrors(...AUTH_ERRORS)
  async mySwaps(@CurrentActor() actor: Actor): Promise<PendingSwapsResponse> {
    return { items: (await this.board.pendingOf(actor.id)).map(toPendingSwapResponse) };
  }

  @Post('roster/swaps/:id/accept')
  @HttpCode(200)
  @Roles('vendor')
  @ApiOperation({
    summary: 'Accept a swap asked of you: the entry keeps its id and becomes yours',
    description: 'Refused as the request is, judged again now; a swap no longer pending is 409 INVALID_STATE_TRANSITION.',
  })
  @ApiOkResponse({ type: RosterEntryResponse })
  @ApiErrors(
    ErrorCode.NOT_FOUND,
    ErrorCode.INVALID_STATE_TRANSITION,
    ErrorCode.OCCURRENCE_STARTED,
    ErrorCode.VENDOR_NOT_PRESENT,
    ...AUTH_ERRORS,
  )
  async acceptSwap(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<RosterEntryResponse> {
    const [entry] = await this.roster.views([await this.swaps.accept(id, actor)]);
    return toEntryResponse(entry);
  }

  @Post('roster/:entryId/complete')
  @HttpCode(200)
  @StaffOrZoneCaptain()
  @ApiOperation({
    summary: 'Record a turn as done',
    description: `Only an assigned entry (409 INVALID_STATE_TRANSITION otherwise). ${CAPTAIN_NOTE}`,
  })
  @ApiOkResponse({ type: RosterEntryResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  async complete(@Param('entryId', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<RosterEntryResponse> {
    return toEntryResponse(await this.roster.mark(id, 'done', actor));
  }

  @Post('roster/:entryId/miss')
  @HttpCode(200)
  @StaffOrZoneCaptain()
  @ApiOperation({
    summary: "Record a turn as missed (it counts in the vendor's record)",
    description: `Only an assigned entry (409 INVALID_STATE_TRANSITION otherwise). ${CAPTAIN_NOTE}`,
  })
  @ApiOkResponse({ type: RosterEntryResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  async miss(@Param('entryId', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<RosterEntryResponse> {
    return toEntryResponse(await this.roster.mark(id, 'missed', actor));
  }

  /** The range asked, or the zone's coming 30 days. */
  private async zoneRange(zoneId: string, query: DateRangeQuery): Promise<Range> {
    const zone = await this.zones.get(zoneId);
    return resolveRange(query, localDate(this.clock.now(), zone.timezone), DEFAULT_ROSTER_DAYS);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { DateRangeQuery, resolveRange } from '../common/date-range.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Cacheable, HttpCacheInterceptor } from '../common/http-cache.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { ParseIdPipe, ParseLocalDatePipe } from '../common/validation.js';
import { localDate } from '../recurrence/local-time.js';
import { ZonesService } from '../zones/zones.service.js';
import {
  CancellationResponse,
  CreateCancellationDto,
  CreateSessionDto,
  ScheduleResponse,
  SessionResponse,
  UpdateSessionDto,
} from './dto/session.dto.js';
import { ScheduleService } from './schedule.service.js';
import { toScheduleItem, toSessionResponse } from './session.mapper.js';
import { SessionsService } from './sessions.service.js';

const SessionPage = PageOf(SessionResponse, 'SessionPage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;
/** Without from/to, the schedule shows the coming week. */
export const DEFAULT_SCHEDULE_DAYS = 7;

@ApiTags('sessions')
@ApiBearerAuth()
@Controller()
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly schedule: ScheduleService,
    private readonly zones: ZonesService,
    private readonly clock: Clock,
  ) {}

  @Post('zones/:zoneId/sessions')
  @Roles('staff')
  @ApiOperation({
    summary: "Define when a zone's market runs",
    description: 'A zone runs at most 12 live sessions (409 ZONE_SESSION_LIMIT).',
  })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_RECURRENCE, ErrorCode.NOT_FOUND, ErrorCode.ZONE_SESSION_LIMIT, ...AUTH_ERRORS)
  async create(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Body() dto: CreateSessionDto,
    @CurrentActor() actor: Actor,
  ): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.create(zoneId, dto, actor));
  }

  @Get('zones/:zoneId/sessions')
  @Roles('staff', 'vendor')
  @ApiOkResponse({ type: SessionPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async list(@Param('zoneId', ParseIdPipe) zoneId: string, @Query() page: PageQuery) {
    const result = await this.sessions.list(zoneId, page);
    return { items: result.items.map(toSessionResponse), total: result.total };
  }

  @Get('sessions/:id')
  @Roles('staff', 'vendor')
  @ApiOkResponse({ type: SessionResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async get(@Param('id', ParseIdPipe) id: string): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.get(id));
  }

  @Patch('sessions/:id')
  @Roles('staff')
  @ApiOperation({ summary: 'Change a session; refused if it would move or remove an occurrence holding an active claim' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_RECURRENCE, ErrorCode.NOT_FOUND, ErrorCode.SESSION_HAS_CLAIMS, ...AUTH_ERRORS)
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateSessionDto,
    @CurrentActor() actor: Actor,
  ): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.update(id, dto, actor));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Roles('staff')
  @ApiOperation({ summary: 'Delete a session; refused while active claims lie ahead' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.SESSION_HAS_CLAIMS, ...AUTH_ERRORS)
  async remove(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.sessions.remove(id, actor);
  }

  @Post('sessions/:id/cancellations')
  @Roles('staff')
  @ApiOperation({ summary: 'Call off one occurrence (weather, holiday); its active claims become cancelled_by_market' })
  @ApiCreatedResponse({ type: CancellationResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.NOT_AN_OCCURRENCE, ErrorCode.OCCURRENCE_STARTED, ...AUTH_ERRORS)
  cancel(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateCancellationDto,
    @CurrentActor() actor: Actor,
  ): Promise<CancellationResponse> {
    return this.sessions.cancelOccurrence(id, dto, actor);
  }

  @Delete('sessions/:id/cancellations/:date')
  @HttpCode(204)
  @Roles('staff')
  @ApiOperation({ summary: 'Restore a cancelled occurrence that has not begun (its cancelled claims stay cancelled)' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.NOT_AN_OCCURRENCE, ErrorCode.OCCURRENCE_STARTED, ...AUTH_ERRORS)
  async restore(
    @Param('id', ParseIdPipe) id: string,
    @Param('date', ParseLocalDatePipe) date: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.sessions.restoreOccurrence(id, date, actor);
  }

  @Get('zones/:zoneId/schedule')
  @Roles('staff', 'vendor')
  @ApiOperation({
    summary: "A zone's occurrences between from and to (default: the coming 7 days), ordered by start",
    description: 'Gzipped when the client accepts it. Answers carry an ETag; a matching If-None-Match gets 304 and no body.',
  })
  @ApiOkResponse({ type: ScheduleResponse })
  @ApiNotModifiedResponse({ description: 'The schedule is unchanged since the ETag given in If-None-Match' })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  @UseInterceptors(HttpCacheInterceptor)
  async zoneSchedule(@Param('zoneId', ParseIdPipe) zoneId: string, @Query() query: DateRangeQuery): Promise<Cacheable> {
    const zone = await this.zones.forReading(zoneId);
    const { from, to } = resolveRange(query, localDate(this.clock.now(), zone.timezone), DEFAULT_SCHEDULE_DAYS);
    const { key, occurrences } = await this.schedule.zoneOccurrences(zone, from, to);
    return new Cacheable(`schedule:${key}`, 'application/json; charset=utf-8', () =>
      JSON.stringify({ items: occurrences.map(toScheduleItem) }),
    );
  }
}

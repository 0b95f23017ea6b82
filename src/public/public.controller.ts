import { Controller, Get, Header, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { DateRangeQuery, resolveRange } from '../common/date-range.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Cacheable, HttpCacheInterceptor } from '../common/http-cache.js';
import { ParseIdPipe } from '../common/validation.js';
import { localDate } from '../recurrence/local-time.js';
import { ScheduleResponse } from '../sessions/dto/session.dto.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { toScheduleItem } from '../sessions/session.mapper.js';
import { NearbyZonesQuery, NearbyZonesResponse, StallPageResponse } from './dto/public.dto.js';
import { PublicService } from './public.service.js';

/** Without from/to, the public schedule shows the coming 7 days. */
const DEFAULT_SCHEDULE_DAYS = 7;

/** What residents read without an account: nearby markets, when they run, a stall's page. */
@ApiTags('public')
@Controller('public')
export class PublicController {
  constructor(
    private readonly residents: PublicService,
    private readonly schedule: ScheduleService,
    private readonly clock: Clock,
  ) {}

  @Get('zones')
  @Public()
  @ApiOperation({
    summary: 'Markets near a point, nearest first, with whether they are open and when they open next',
    description: 'radius in metres (1–20000, default 1000); openNow, nextSession and "today" are evaluated at `at` (default now).',
  })
  @ApiOkResponse({ type: NearbyZonesResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  // The answer comes as ready JSON bytes (NearbyJson): a NearbyZonesResponse.
  @Header('content-type', 'application/json; charset=utf-8')
  nearby(@Query() query: NearbyZonesQuery): Promise<Buffer> {
    return this.residents.nearby(query);
  }

  @Get('zones/:id/schedule')
  @Public()
  @UseInterceptors(HttpCacheInterceptor)
  @ApiOperation({
    summary: "A market's runs between from and to (default: the coming 7 days), ordered by start, cancellations with their reason",
    description: 'Gzipped when the client accepts it; an ETag with each answer (a matching If-None-Match gets 304).',
  })
  @ApiOkResponse({ type: ScheduleResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND)
  async zoneSchedule(@Param('id', ParseIdPipe) id: string, @Query() query: DateRangeQuery): Promise<Cacheable> {
    const zone = await this.residents.zone(id);
    const { from, to } = resolveRange(query, localDate(this.clock.now(), zone.timezone), DEFAULT_SCHEDULE_DAYS);
    const { key, occurrences } = await this.schedule.zoneOccurrences(zone, from, to);
    return new Cacheable(`public-schedule:${key}`, 'application/json; charset=utf-8', () =>
      JSON.stringify({ items: occurrences.map(toScheduleItem) }),
    );
  }

  @Get('zones/:id/calendar.ics')
  @Public()
  @UseInterceptors(HttpCacheInterceptor)
  @ApiOperation({
    summary: "A market's sessions as an iCalendar feed: one recurring event per session, cancelled runs excluded, in the zone's time zone",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @ApiErrors(ErrorCode.NOT_FOUND)
  async calendar(@Param('id', ParseIdPipe) id: string): Promise<Cacheable> {
    const { key, render } = await this.schedule.calendar(await this.residents.zone(id));
    return new Cacheable(`calendar:${key}`, 'text/calendar; charset=utf-8', render);
  }

  @Get('stalls/:id')
  @Public()
  @ApiOperation({
    summary: "A stall's public page (what its sign's QR code opens): the zone, the stall, its sessions, today's holder masked",
  })
  @ApiOkResponse({ type: StallPageResponse })
  @ApiErrors(ErrorCode.NOT_FOUND)
  stall(@Param('id', ParseIdPipe) id: string): Promise<StallPageResponse> {
    return this.residents.stallPage(id);
  }
}

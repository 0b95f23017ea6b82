import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/access.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ClientLanguage, type Language } from '../common/language.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { addDays } from '../recurrence/calendar.js';
import { localDate } from '../recurrence/local-time.js';
import { cockpitCsv } from './cockpit-csv.js';
import { CockpitService } from './cockpit.service.js';
import { CockpitQuery, CockpitResponse } from './dto/cockpit.dto.js';
import { OccupancyQuery, OccupancyResponse } from './dto/occupancy.dto.js';
import { occupancyCsv } from './occupancy-csv.js';
import { OccupancyService } from './occupancy.service.js';

/** Without from/to, the report covers the last 7 days, today included. */
const DEFAULT_REPORT_DAYS = 7;

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(OccupancyResponse, CockpitResponse)
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly occupancy: OccupancyService,
    private readonly cockpitFigures: CockpitService,
    private readonly clock: Clock,
  ) {}

  @Get('occupancy')
  @Roles('staff')
  @ApiOperation({
    summary: 'Occupancy per zone, session and date: stalls, claimed, checked in, no-show, cancelled',
    description:
      'One row per occurrence dated from..to (default: the last 7 days, today included) of one zone or every zone, by district, ' +
      'zone (natural order) and start; cancelled occurrences included. ?format=csv gives the same rows as text/csv, UTF-8 ' +
      'with a byte-order mark.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'the rows as JSON, or as CSV with ?format=csv',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(OccupancyResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async report(
    @Query() query: OccupancyQuery,
    @ClientLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OccupancyResponse | string> {
    const today = localDate(this.clock.now(), DEFAULT_TIMEZONE);
    const { from, to } = resolveRange(query, addDays(today, -(DEFAULT_REPORT_DAYS - 1)), DEFAULT_REPORT_DAYS);
    const items = await this.occupancy.report({ from, to, zoneId: query.zoneId });
    if (query.format !== 'csv') return { from, to, items };
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="occupancy-${from}-${to}.csv"`).header('vary', 'Accept-Language');
    return occupancyCsv(items, language);
  }

  @Get('cockpit')
  @Roles('staff')
  @ApiOperation({
    summary: "The cockpit: a district's markets over a date range in one answer",
    description:
      'For from..to (default: the last 7 days, today included; inclusive, at most 366 dates) and every zone or one ' +
      "district's: totals (stall places on sale, claimed, checked in, no-show, cancelled, their rates, runs, feedback), " +
      'the same per zone (with its coordinates, for a map), per date and per zone and date (occupancy by zone and day), ' +
      "claimed stalls by stall category, and residents' feedback received by kind, open and resolved. Rates are fractions " +
      '0–1 rounded to 4 places, null when there is nothing to divide. ?format=csv gives the same figures as text/csv, UTF-8 ' +
      'with a byte-order mark, one row per figure with a section column.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'the figures as JSON, or as CSV with ?format=csv',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CockpitResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async cockpit(
    @Query() query: CockpitQuery,
    @ClientLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CockpitResponse | string> {
    const today = localDate(this.clock.now(), DEFAULT_TIMEZONE);
    const { from, to } = resolveRange(query, addDays(today, -(DEFAULT_REPORT_DAYS - 1)), DEFAULT_REPORT_DAYS);
    const figures = await this.cockpitFigures.figures({ from, to, district: query.district });
    if (query.format !== 'csv') return figures;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="cockpit-${from}-${to}.csv"`).header('vary', 'Accept-Language');
    return cockpitCsv(figures, language);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { resolveRange } from '../common/date-range.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf } from '../common/pagination.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { ParseIdPipe } from '../common/validation.js';
import { addDays } from '../recurrence/calendar.js';
import { localDate } from '../recurrence/local-time.js';
import { toClosureResponse } from './closure.mapper.js';
import { ClosuresService } from './closures.service.js';
import { ClosureResponse, CreateClosureDto, CreateClosureResponse, ListClosuresQuery, RestoreClosureResponse } from './dto/closure.dto.js';

const ClosurePage = PageOf(ClosureResponse, 'ClosurePage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;
/** Without from/to, the list shows closures dated from 30 days back through 90 days ahead. */
const DEFAULT_LIST_BACK_DAYS = 30;
const DEFAULT_LIST_DAYS = 121;

@ApiTags('closures')
@ApiBearerAuth()
@Controller('closures')
export class ClosuresController {
  constructor(
    private readonly closures: ClosuresService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('staff')
  @ApiOperation({
    summary: 'Close an area for a day (rain, heat, a holiday): every matching occurrence cancelled in one transaction',
    description:
      'Matches the live sessions of the zones asked for (district, zoneIds, both, or neither: every zone), optionally only ' +
      'those named in sessionNames, that run on date. Each matching occurrence that has not begun is cancelled as by ' +
      'POST /api/sessions/{id}/cancellations, and its active claims become cancelled_by_market (the vendors are told, cause ' +
      '"closure"). No zone in the area asked for is 404. Sessions with no occurrence that day are skipped; occurrences that have begun are left alone, and when every ' +
      'matching occurrence has begun the answer is 422 OCCURRENCE_STARTED. Occurrences already cancelled stay so and are not ' +
      "this closure's.",
  })
  @ApiCreatedResponse({ type: CreateClosureResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.OCCURRENCE_STARTED, ...AUTH_ERRORS)
  async create(@Body() dto: CreateClosureDto, @CurrentActor() actor: Actor): Promise<CreateClosureResponse> {
    const outcome = await this.closures.create(dto, actor);
    return {
      ...toClosureResponse(outcome.closure),
      startedLeftAlone: outcome.startedLeftAlone,
      alreadyCancelled: outcome.alreadyCancelled,
    };
  }

  @Get()
  @Roles('staff')
  @ApiOperation({
    summary: 'Closures dated from..to (default: 30 days back through 90 days ahead), by date',
  })
  @ApiOkResponse({ type: ClosurePage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  async list(@Query() query: ListClosuresQuery) {
    const today = localDate(this.clock.now(), DEFAULT_TIMEZONE);
    const { from, to } = resolveRange(query, addDays(today, -DEFAULT_LIST_BACK_DAYS), DEFAULT_LIST_DAYS);
    const page = await this.closures.list({ from, to, limit: query.limit, offset: query.offset });
    return { items: page.items.map(toClosureResponse), total: page.total };
  }

  @Get(':id')
  @Roles('staff')
  @ApiOkResponse({ type: ClosureResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async get(@Param('id', ParseIdPipe) id: string): Promise<ClosureResponse> {
    return toClosureResponse(await this.closures.get(id));
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('staff')
  @ApiOperation({
    summary: "Restore a closure's occurrences that have not begun (claims it cancelled stay cancelled)",
    description: 'A closure restored already is 409 INVALID_STATE_TRANSITION.',
  })
  @ApiOkResponse({ type: RestoreClosureResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  restore(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<RestoreClosureResponse> {
    return this.closures.restore(id, actor);
  }
}

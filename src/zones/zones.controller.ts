import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf } from '../common/pagination.js';
import { ParseIdPipe } from '../common/validation.js';
import { CreateZoneDto, ListZonesQuery, UpdateZoneDto, ZoneResponse } from './dto/zone.dto.js';
import { toZoneResponse } from './zone.mapper.js';
import { ZonesService } from './zones.service.js';

const ZonePage = PageOf(ZoneResponse, 'ZonePage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

@ApiTags('zones')
@ApiBearerAuth()
@Controller('zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Post()
  @Roles('staff')
  @ApiOperation({ summary: 'Mark out a market zone' })
  @ApiCreatedResponse({ type: ZoneResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  async create(@Body() dto: CreateZoneDto, @CurrentActor() actor: Actor): Promise<ZoneResponse> {
    return toZoneResponse(await this.zones.create(dto, actor));
  }

  @Get()
  @Roles('staff', 'vendor')
  @ApiOperation({ summary: 'List zones, by district or name' })
  @ApiOkResponse({ type: ZonePage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...AUTH_ERRORS)
  async list(@Query() query: ListZonesQuery) {
    const page = await this.zones.list(query);
    return { items: page.items.map(toZoneResponse), total: page.total };
  }

  @Get(':id')
  @Roles('staff', 'vendor')
  @ApiOkResponse({ type: ZoneResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async get(@Param('id', ParseIdPipe) id: string): Promise<ZoneResponse> {
    return toZoneResponse(await this.zones.get(id));
  }

  @Patch(':id')
  @Roles('staff')
  @ApiOperation({ summary: 'Change a zone, or suspend it (a suspended zone takes no new claims)' })
  @ApiOkResponse({ type: ZoneResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.SESSION_HAS_CLAIMS, ...AUTH_ERRORS)
  async update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateZoneDto, @CurrentActor() actor: Actor): Promise<ZoneResponse> {
    return toZoneResponse(await this.zones.update(id, dto, actor));
  }
}

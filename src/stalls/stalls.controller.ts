import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { ParseIdPipe } from '../common/validation.js';
import { BulkCreateStallsDto, CreateStallDto, StallListResponse, StallResponse, UpdateStallDto } from './dto/stall.dto.js';
import { toStallResponse } from './stall.mapper.js';
import { StallsService } from './stalls.service.js';

const StallPage = PageOf(StallResponse, 'StallPage');
const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

@ApiTags('stalls')
@ApiBearerAuth()
@Controller()
export class StallsController {
  constructor(private readonly stalls: StallsService) {}

  @Post('zones/:zoneId/stalls')
  @Roles('staff')
  @ApiOperation({ summary: 'Add a stall to a zone' })
  @ApiCreatedResponse({ type: StallResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.DUPLICATE_STALL_CODE, ...AUTH_ERRORS)
  async create(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Body() dto: CreateStallDto,
    @CurrentActor() actor: Actor,
  ): Promise<StallResponse> {
    return toStallResponse(await this.stalls.create(zoneId, dto, actor));
  }

  @Post('zones/:zoneId/stalls/bulk')
  @Roles('staff')
  @ApiOperation({ summary: 'Add count stalls coded prefix01…, all or none' })
  @ApiCreatedResponse({ type: StallListResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.DUPLICATE_STALL_CODE, ...AUTH_ERRORS)
  async bulkCreate(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Body() dto: BulkCreateStallsDto,
    @CurrentActor() actor: Actor,
  ): Promise<StallListResponse> {
    return { items: (await this.stalls.bulkCreate(zoneId, dto, actor)).map(toStallResponse) };
  }

  @Get('zones/:zoneId/stalls')
  @Roles('staff', 'vendor')
  @ApiOperation({ summary: "A zone's stalls in code order" })
  @ApiOkResponse({ type: StallPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async list(@Param('zoneId', ParseIdPipe) zoneId: string, @Query() page: PageQuery) {
    const result = await this.stalls.list(zoneId, page);
    return { items: result.items.map(toStallResponse), total: result.total };
  }

  @Patch('stalls/:id')
  @Roles('staff')
  @ApiOperation({ summary: "Change a stall's category or open/close it" })
  @ApiOkResponse({ type: StallResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateStallDto, @CurrentActor() actor: Actor): Promise<StallResponse> {
    return toStallResponse(await this.stalls.update(id, dto, actor));
  }
}

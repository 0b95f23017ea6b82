import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ParseIdPipe } from '../common/validation.js';
import { SlotsQuery, SlotsResponse } from './dto/claim.dto.js';
import { SlotsService } from './slots.service.js';

@ApiTags('claims')
@ApiBearerAuth()
@Controller('zones/:zoneId/slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Get()
  @Roles('staff', 'vendor')
  @ApiOperation({
    summary: 'Every stall × every occurrence of a zone on a date, with its status; the holder is shown to staff and to the holder only',
  })
  @ApiOkResponse({ type: SlotsResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async grid(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Query() query: SlotsQuery,
    @CurrentActor() actor: Actor,
  ): Promise<SlotsResponse> {
    return { items: await this.slots.grid(zoneId, query.date, actor) };
  }
}

import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Cacheable, HttpCacheInterceptor } from '../common/http-cache.js';
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
    description:
      '`sessionId` and `status` narrow the grid (a vendor asks `status=free`). Gzipped when the client accepts it; ' +
      'an ETag with each answer (a matching If-None-Match gets 304 and no body).',
  })
  @ApiOkResponse({ type: SlotsResponse })
  @ApiNotModifiedResponse({ description: 'The grid is unchanged since the ETag given in If-None-Match' })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  @UseInterceptors(HttpCacheInterceptor)
  async grid(@Param('zoneId', ParseIdPipe) zoneId: string, @Query() query: SlotsQuery, @CurrentActor() actor: Actor): Promise<Cacheable> {
    const items = (await this.slots.grid(zoneId, query.date, actor)).filter(
      (slot) =>
        (query.sessionId === undefined || slot.sessionId === query.sessionId) &&
        (query.status === undefined || slot.status === query.status),
    );
    // An unchanged grid is revalidated (304) and gzipped once, never served stale.
    return Cacheable.ofBody('slots', 'application/json; charset=utf-8', JSON.stringify({ items } satisfies SlotsResponse));
  }
}

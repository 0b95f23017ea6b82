import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ParseIdPipe } from '../common/validation.js';
import { CaptainsService } from './captains.service.js';
import { CaptainListResponse, CaptainResponse } from './dto/roster.dto.js';
import { toCaptainResponse } from './roster.mapper.js';

const AUTH_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

/** Captains (摊长): staff appoint the stall owners who run a zone's self-governance. */
@ApiTags('rosters')
@ApiBearerAuth()
@Controller('zones/:zoneId/captains')
export class CaptainsController {
  constructor(private readonly captains: CaptainsService) {}

  @Put(':vendorId')
  @HttpCode(200)
  @Roles('staff')
  @ApiOperation({
    summary: 'Appoint a vendor captain of the zone (again: no change)',
    description: 'Only an approved vendor (409 INVALID_STATE_TRANSITION for a pending, rejected or suspended one).',
  })
  @ApiOkResponse({ type: CaptainResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION, ...AUTH_ERRORS)
  async appoint(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Param('vendorId', ParseIdPipe) vendorId: string,
    @CurrentActor() actor: Actor,
  ): Promise<CaptainResponse> {
    return toCaptainResponse(await this.captains.appoint(zoneId, vendorId, actor));
  }

  @Delete(':vendorId')
  @HttpCode(204)
  @Roles('staff')
  @ApiOperation({ summary: 'Remove a captain (404 when the vendor is not one of this zone)' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async remove(
    @Param('zoneId', ParseIdPipe) zoneId: string,
    @Param('vendorId', ParseIdPipe) vendorId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.captains.remove(zoneId, vendorId, actor);
  }

  @Get()
  @Roles('staff', 'vendor')
  @ApiOperation({ summary: "The zone's captains, with whether each holds the powers now (not while suspended)" })
  @ApiOkResponse({ type: CaptainListResponse })
  @ApiErrors(ErrorCode.NOT_FOUND, ...AUTH_ERRORS)
  async list(@Param('zoneId', ParseIdPipe) zoneId: string): Promise<CaptainListResponse> {
    return { items: (await this.captains.ofZone(zoneId)).map(toCaptainResponse) };
  }
}

import { Controller, Get, Header, Param, Req, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../auth/access.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ParseIdPipe } from '../common/validation.js';
import { ScheduleService } from '../sessions/schedule.service.js';
import { StallsService } from '../stalls/stalls.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { stallSignsPdf } from './stall-signs.js';

/** A host as a browser would send it (name or address, optional port): anything else is not put into a printed URL. */
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

@ApiTags('stalls')
@ApiBearerAuth()
@Controller('zones/:zoneId/stalls')
export class SignsController {
  constructor(
    private readonly zones: ZonesService,
    private readonly stalls: StallsService,
    private readonly schedule: ScheduleService,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  @Get('signs.pdf')
  @Roles('staff')
  @Header('content-type', 'application/pdf')
  @Header('content-disposition', 'attachment; filename="stall-signs.pdf"')
  @ApiOperation({
    summary: 'Printable stall signs (一摊一码): one A5 page per stall',
    description:
      "Each page: the zone, the stall code, its category, the zone's session times and a QR code of the stall's public page " +
      '<origin>/s/{stallId} (also a link on the page; the stall codes are the outline). The origin is PUBLIC_BASE_URL, else the ' +
      "request's own. Chinese text is set in Noto Sans SC (SIL Open Font License), embedded. A zone without stalls gets one page saying so.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(ErrorCode.NOT_FOUND, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async signs(@Param('zoneId', ParseIdPipe) zoneId: string, @Req() request: FastifyRequest): Promise<StreamableFile> {
    const zone = await this.zones.get(zoneId);
    const [stalls, sessions] = await Promise.all([this.stalls.allOfZone(zoneId), this.schedule.liveSessionsOfZone(zoneId)]);
    const pdf = await stallSignsPdf({
      zone,
      sessions: [...sessions].sort((a, b) => a.startTime.localeCompare(b.startTime) || a.name.localeCompare(b.name)),
      stalls,
      origin: this.origin(request),
      createdAt: new Date(this.clock.now()),
    });
    return new StreamableFile(pdf);
  }

  private origin(request: FastifyRequest): string {
    const configured = this.config.get<string>('publicBaseUrl');
    if (configured) return configured;
    const host = SAFE_HOST.test(request.host) ? request.host : 'localhost';
    return `${request.protocol}://${host}`;
  }
}

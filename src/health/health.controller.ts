import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { ErrorBody, errorBody } from '../common/errors/error-body.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { HealthRepository } from './health.repository.js';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: 'up' }) db: 'up';
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: HealthRepository,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: ErrorBody })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.health.check([
        () =>
          this.indicators
            .check('db')
            .attempt(() => this.probes.ping())
            .withTimeout(2000),
      ]);
      return { status: 'ok', db: 'up' };
    } catch {
      void reply.status(503).header('Retry-After', '5');
      return { ...errorBody(ErrorCode.SERVICE_UNAVAILABLE, 'the database is unreachable'), status: 'error', db: 'down' };
    }
  }
}

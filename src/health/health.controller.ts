import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { Clock } from '../common/clock.js';
import { ErrorBody, errorBody } from '../common/errors/error-body.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { messageOf } from '../common/errors/messages.js';
import { ClientLanguage, type Language } from '../common/language.js';
import { HealthRepository } from './health.repository.js';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: 'up' }) db: 'up';
}

class LivenessResponse {
  @ApiProperty({ example: 'ok' }) status: 'ok';
}

/** How long a check may take before the database counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly probes: HealthRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Readiness: the database answers a read and takes a write',
    description: '503 SERVICE_UNAVAILABLE (with Retry-After) when it does not: unreachable, out of disk, read-only.',
  })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: ErrorBody })
  async check(@Res({ passthrough: true }) reply: FastifyReply, @ClientLanguage() language: Language) {
    try {
      await within(this.probes.ping(), CHECK_TIMEOUT_MS);
      await within(this.probes.probeWrite(this.clock.now()), CHECK_TIMEOUT_MS);
      return { status: 'ok', db: 'up' };
    } catch {
      void reply.status(503).header('Retry-After', '5');
      return {
        ...errorBody(
          ErrorCode.SERVICE_UNAVAILABLE,
          messageOf(ErrorCode.SERVICE_UNAVAILABLE, language, {}, 'the database cannot take a read or a write'),
        ),
        status: 'error',
        db: 'down',
      };
    }
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process runs and answers (no database involved)' })
  @ApiOkResponse({ type: LivenessResponse })
  live() {
    return { status: 'ok' };
  }
}

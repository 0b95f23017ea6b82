import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { PinoNestLogger } from './common/pino-logger.js';
import { registerRateLimit } from './common/rate-limit.js';
import type { AppConfig } from './config/app-config.js';

/** Largest accepted request body; nothing in the contract comes near it. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export function createLogger(config: AppConfig) {
  return pino({
    level: config.logLevel,
    // Never log credentials, whichever route they came through.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.accessToken', 'password', 'accessToken'],
      censor: '[redacted]',
    },
  });
}

export function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: createLogger(config),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // X-Forwarded-For is believed only from the configured proxies; otherwise the socket address counts.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // A client that takes longer than this to send its request is cut off (slow-loris).
    requestTimeout: config.requestTimeoutMs,
    // Long enough that any over-long id reaches the id pipe and is a 404, not Fastify's 414.
    routerOptions: { maxParamLength: 16_384 },
  });
}

/** Everything beyond the module graph: logger, security headers, CORS, prefix, request ids, OpenAPI. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(new PinoNestLogger(createLogger(config)));
  await app.register(helmet, {
    contentSecurityPolicy: {
      // Swagger UI at /docs needs inline styles and scripts of its own, nothing from elsewhere.
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await registerRateLimit(app.getHttpAdapter().getInstance() as FastifyInstance, config.authRateLimitPerMinute);
  // CORS stays closed unless origins are configured.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.setGlobalPrefix('api', { exclude: ['/'] });
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tidal Market')
      .setDescription('Tidal markets (潮汐摊区): zones, stalls, market sessions, vendors and stall claims.')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from './common/errors/error-body.js';
import { ErrorCode, reasonPhrase, statusOf } from './common/errors/error-code.js';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { jsonDepth, MAX_JSON_DEPTH } from './common/json-depth.js';
import { PinoNestLogger } from './common/pino-logger.js';
import { registerMethodNotAllowed } from './common/method-not-allowed.js';
import { MetricsService } from './metrics/metrics.service.js';
import { registerRequestMetrics } from './metrics/request-metrics.js';
import { buildOpenApiDocument } from './common/openapi.js';
import { registerRateLimit } from './common/rate-limit.js';
import type { AppConfig } from './config/app-config.js';
import { registerWebAssets } from './web/web-assets.js';
import { WEB_PATHS } from './web/web.controller.js';
import { WEB_ROOT } from './web/web-files.js';

/** Largest accepted request body; nothing in the contract comes near it. */
export const BODY_LIMIT_BYTES = 256 * 1024;
/** A desk's CSV of up to 5,000 growers. */
export const CSV_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** The only routes that take a text/csv body; everywhere else it is 415, as any media type but JSON. */
const CSV_ROUTES = new Set(['POST /api/vendors/import']);

function createLogger(config: AppConfig) {
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
    // A connection with no traffic at all for this long is closed (one that never sends a request, too);
    // an idle keep-alive connection sooner, as browsers and proxies expect.
    connectionTimeout: config.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, config.idleTimeoutMs),
    // Long enough that any id that fits in Node's 16 KB request head reaches the id pipe (a 404).
    routerOptions: { maxParamLength: 16_384 },
    // Errors before any route runs (head too large, malformed HTTP, too slow) get the contract's shape too.
    clientErrorHandler,
  });
}

/**
 * JSON only (other media types are 415). Fastify's own parser — with its
 * __proto__ and constructor-poisoning refusals — except that an empty body
 * reads as no body: `POST /api/claims/:id/cancel` with a JSON content type and
 * nothing else is a normal request from many clients.
 * (The app is created with `bodyParser: false` so this is the only JSON parser.)
 */
function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      return done(Object.assign(new Error(`the request body nests deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }), undefined);
    }
    parse(request, text, done);
  });
}

/**
 * `text/csv` for the routes that take it (CSV_ROUTES), as a string decoded
 * from strict UTF-8; elsewhere it is refused like any media type but JSON.
 */
function registerCsvParser(fastify: FastifyInstance): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT_BYTES }, (request, body, done) => {
    if (!CSV_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
      const error = Object.assign(new Error('Unsupported Media Type: text/csv'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      });
      return done(error, undefined);
    }
    try {
      done(null, decoder.decode(body as Buffer));
    } catch {
      done(Object.assign(new Error('the CSV is not valid UTF-8'), { statusCode: 400 }), undefined);
    }
  });
}

/**
 * helmet's headers, and the request's id (X-Request-Id), on every answer. helmet's depend only on
 * the configuration, so helmet runs once here, against a response that only records what it sets,
 * and every request gets the recorded headers in one hook (running helmet's twelve middlewares per request through middie measured
 * 3–5 % of a short answer's server time; @fastify/helmet also re-parses the CSP per request).
 */
function registerSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const headers = securityHeaders(
    helmet({
      contentSecurityPolicy: {
        // Swagger UI at /docs needs inline styles and scripts of its own, nothing from elsewhere.
        // The residents' page loads its bundles and calls the API on this origin only; its map's
        // tiles come from MAP_TILE_URL's origin when one is configured.
        directives: {
          defaultSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', ...tileOrigin(config)],
          connectSrc: ["'self'"],
          // The app speaks plain HTTP (TLS is a proxy's job): upgrading would break a page served
          // over http on a LAN address. Behind TLS, HSTS (also helmet's) keeps browsers on https.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers).header('x-request-id', request.id);
    done();
  });
}

/** The headers a helmet middleware sets (it sets the same ones on every response: nothing in them depends on the request). */
function securityHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failed = error));
  if (failed) throw failed;
  return headers;
}

/** MAP_TILE_URL's origin (`https://tiles.example`; `{s}` subdomains as `*`), for the CSP's img-src. */
function tileOrigin(config: AppConfig): string[] {
  const origin = config.mapTileUrl && /^https?:\/\/[^/]+/.exec(config.mapTileUrl)?.[0];
  return origin ? [origin.replace('{s}', '*')] : [];
}

/** Node's errors before a request reaches Fastify's router, by Node error code. */
const CLIENT_ERRORS: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: [ErrorCode.HEADERS_TOO_LARGE, 'the request line and headers exceed 16 KB'],
  ERR_HTTP_REQUEST_TIMEOUT: [ErrorCode.REQUEST_TIMEOUT, 'the request was not received in time'],
};

function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const [code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [ErrorCode.VALIDATION_FAILED, 'malformed HTTP request'];
  const body = JSON.stringify(errorBody(code, message));
  const status = statusOf(code);
  socket.end(
    `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Options for NestFactory.create / createNestApplication. */
export const NEST_APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/** Everything beyond the module graph: logger, security headers, CORS, prefix, request ids, OpenAPI. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  // Nest's own lines go through the same pino instance (and redaction) as the request logs.
  app.useLogger(new PinoNestLogger(fastify.log as unknown as Logger));
  registerSecurityHeaders(fastify, config);
  registerMethodNotAllowed(fastify);
  registerRequestMetrics(fastify, app.get(MetricsService));
  await registerRateLimit(fastify, { authPerMinute: config.authRateLimitPerMinute, feedbackPerHour: config.feedbackRateLimitPerHour });
  // CORS stays closed unless origins are configured.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'X-Request-Id'],
    });
  }
  // Outside /api: the web pages (the residents' page, stall pages) and the operators' metrics.
  app.setGlobalPrefix('api', { exclude: [...WEB_PATHS, 'metrics'] });
  await registerWebAssets(fastify, app.get(WEB_ROOT));
  app.enableShutdownHooks();
  registerJsonParser(fastify);
  registerCsvParser(fastify);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

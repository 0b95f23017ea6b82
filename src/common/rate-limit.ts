import rateLimit from '@fastify/rate-limit';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors/error-body.js';
import { ErrorCode } from './errors/error-code.js';

/**
 * Per-client-address rate limiting of the routes that guess passwords or
 * create accounts, with @fastify/rate-limit. (@nestjs/throttler 6 is
 * CommonJS that require()s the ESM-only Nest 12 packages, which Jest cannot
 * load on Node 20.) The client address is the socket's, or X-Forwarded-For
 * from a configured trusted proxy only (TRUSTED_PROXIES).
 */
export async function registerRateLimit(fastify: FastifyInstance, perMinute: number): Promise<void> {
  await fastify.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => ({
      ...errorBody(ErrorCode.RATE_LIMITED, `too many attempts from this address: retry in ${Math.ceil(context.ttl / 1000)} s`),
    }),
  });
}

/** Applies the limit registered above to a route. */
export const RateLimited = () => RouteConfig({ rateLimit: {} });

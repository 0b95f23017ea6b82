import rateLimit from '@fastify/rate-limit';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors/error-body.js';
import { ErrorCode } from './errors/error-code.js';
import { requestLanguage } from './language.js';
import { messageOf } from './errors/messages.js';

/** The per-address limits the configuration sets, read by the routes' limits when a request comes. */
export interface RateLimits {
  /** Logins, registrations and password changes per minute. */
  authPerMinute: number;
  /** Residents' feedback per hour. */
  feedbackPerHour: number;
}

const HOUR = 3_600_000;
let limits: RateLimits = { authPerMinute: 30, feedbackPerHour: 10 };

/**
 * Per-client-address rate limiting with @fastify/rate-limit: of the routes
 * that guess passwords or create accounts, and of residents' feedback. (The
 * client address is the socket's, or X-Forwarded-For from a configured
 * trusted proxy only: TRUSTED_PROXIES.)
 */
export async function registerRateLimit(fastify: FastifyInstance, configured: RateLimits): Promise<void> {
  limits = configured;
  await fastify.register(rateLimit, {
    global: false,
    max: () => limits.authPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (request, context) => {
      const seconds = Math.ceil(context.ttl / 1000);
      return errorBody(
        ErrorCode.RATE_LIMITED,
        messageOf(
          ErrorCode.RATE_LIMITED,
          requestLanguage(request),
          { seconds },
          `too many requests from this address: retry in ${seconds} s`,
        ),
      );
    },
  });
}

/** The login/registration limit, per minute. */
export const RateLimited = () => RouteConfig({ rateLimit: {} });

/** The residents' feedback limit, per hour. */
export const FeedbackRateLimited = () => RouteConfig({ rateLimit: { max: () => limits.feedbackPerHour, timeWindow: HOUR } });

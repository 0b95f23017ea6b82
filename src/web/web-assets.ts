import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';

/** A year: the longest cache life browsers honour, for files whose names carry their content hash. */
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * `/assets/*`: the hashed bundles Vite writes, served by @fastify/static with
 * `Cache-Control: public, max-age=31536000, immutable`. Files are looked up per
 * request (wildcard route), so the app starts, and the API answers, whether or
 * not the web has been built; a missing file is the API's usual 404.
 * (Registered on Fastify itself: Nest's useStaticAssets() types lack suppressWarning.)
 */
export async function registerWebAssets(fastify: FastifyInstance, webRoot: string): Promise<void> {
  await fastify.register(fastifyStatic, {
    root: join(webRoot, 'assets'),
    prefix: '/assets/',
    wildcard: true,
    index: false,
    decorateReply: false,
    immutable: true,
    maxAge: ONE_YEAR_MS,
    // No warning in the log when the web has not been built (the e2e suite runs so).
    suppressWarning: true,
  });
}

import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service.js';

/** Every answered request, by method, route pattern (not the concrete path: ids would explode the labels) and status. */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.requests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service.js';

/** Every answered request, by method, route pattern (not the concrete path: ids would explode the labels) and status. */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  // The histogram's series per label set, found once: prom-client hashes the label object on every observe.
  const series = new Map<string, { observe: (seconds: number) => void }>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let one = series.get(key);
    if (!one) series.set(key, (one = metrics.requests.labels({ method: request.method, route, status: String(reply.statusCode) })));
    one.observe(reply.elapsedTime / 1000);
    done();
  });
}

import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors/error-body.js';
import { ErrorCode, statusOf } from './errors/error-code.js';
import { requestLanguage, varyWithLanguage } from './language.js';
import { messageOf } from './errors/messages.js';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/api/zones/:zoneId/sessions` → a regular expression for concrete paths (`*` matches the rest). */
function patternOf(url: string): RegExp {
  const parts = url
    .split('/')
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}/?$`);
}

/**
 * A request for a path the service knows, with a method it does not support
 * there, is 405 METHOD_NOT_ALLOWED with an `Allow` header (HTTP semantics),
 * not 404; answered before the body is read, so an odd method with an odd
 * body (QUERY, say) gets that answer too.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let entry = known.get(route.url);
    if (!entry) known.set(route.url, (entry = { pattern: patternOf(route.url), methods: new Set() }));
    for (const method of methods) entry.methods.add(method.toUpperCase());
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allowed = new Set<string>();
    for (const { pattern, methods } of known.values()) {
      if (pattern.test(path)) methods.forEach((method) => allowed.add(method));
    }
    if (allowed.size === 0 || allowed.has(request.method)) return done();
    const allow = [...allowed].sort().join(', ');
    const body = errorBody(
      ErrorCode.METHOD_NOT_ALLOWED,
      messageOf(
        ErrorCode.METHOD_NOT_ALLOWED,
        requestLanguage(request),
        { allowed: allow },
        `${request.method} is not allowed on ${path}; allowed: ${allow}`,
      ),
    );
    void reply
      .status(statusOf(ErrorCode.METHOD_NOT_ALLOWED))
      .header('allow', allow)
      .header('vary', varyWithLanguage(reply.getHeader('vary')))
      .send(body);
  });
}

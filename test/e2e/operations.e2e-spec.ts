import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bearer, useTestApp } from '../support/create-app.js';
import { expectError, REASON_PHRASES } from '../support/expect-error.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `SwaggerParser.validate(structuredClone(doc))`, run in a plain Node process. swagger-parser 13 is
 * CommonJS that require()s the ESM-only json-schema-ref-parser; Jest's module runtime refuses
 * require(esm) before Node 24.9 (jestjs.io/docs/ecmascript-modules#require-of-esm), even through
 * createRequire, while Node itself has allowed it since 20.19.
 */
function validateOpenApi(doc: unknown): string {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    let input = '';
    process.stdin.setEncoding('utf8').on('data', (chunk) => (input += chunk)).on('end', () => {
      SwaggerParser.validate(structuredClone(JSON.parse(input))).then(
        () => process.stdout.write('valid'),
        (error) => process.stdout.write('invalid: ' + error.message),
      );
    });`;
  return execFileSync(process.execPath, ['--disable-warning=ExperimentalWarning', '-e', script], {
    cwd: ROOT,
    input: JSON.stringify(doc),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('operations', () => {
  const t = useTestApp();

  describe('GET /api/health', () => {
    it('answers 200 { status: ok, db: up } without a token', async () => {
      const res = await t.http.get('/api/health').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ status: 'ok', db: 'up' });
    });

    it('ignores a bad token: health is public', async () => {
      const res = await t.http.get('/api/health').set('Authorization', 'Bearer garbage').expect(200);
      expect(res.body).toEqual({ status: 'ok', db: 'up' });
    });
  });

  describe('OpenAPI', () => {
    let doc: OpenApiDocument;

    beforeAll(async () => {
      const res = await t.http.get('/docs-json').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      doc = res.body;
    });

    it('serves the document without a token', async () => {
      await t.http.get('/docs-json').expect(200);
    });

    it('is a valid OpenAPI 3 document', () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(validateOpenApi(doc)).toBe('valid');
    });

    it('lists every implemented route with its full /api path', () => {
      const expected: [string, string][] = [
        ['/api/auth/login', 'post'],
        ['/api/health', 'get'],
        ['/api/zones', 'post'],
        ['/api/zones', 'get'],
        ['/api/zones/{id}', 'get'],
        ['/api/zones/{id}', 'patch'],
        ['/api/zones/{zoneId}/stalls', 'post'],
        ['/api/zones/{zoneId}/stalls', 'get'],
        ['/api/zones/{zoneId}/stalls/bulk', 'post'],
        ['/api/stalls/{id}', 'patch'],
      ];
      for (const [path, method] of expected) {
        expect({ path, method, documented: doc.paths[path]?.[method] !== undefined }).toEqual({ path, method, documented: true });
      }
    });

    it('puts every route under /api', () => {
      const paths = Object.keys(doc.paths);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((path) => !path.startsWith('/api/'))).toEqual([]);
    });

    it('marks staff routes as needing a bearer token and login as open', () => {
      const security = (path: string, method: string) => doc.paths[path][method].security ?? [];
      expect(security('/api/zones', 'post').some((rule) => 'bearer' in rule)).toBe(true);
      expect(security('/api/stalls/{id}', 'patch').some((rule) => 'bearer' in rule)).toBe(true);
      expect(security('/api/auth/login', 'post')).toEqual([]);
    });

    it('documents the refusals of a write route', () => {
      expect(Object.keys(doc.paths['/api/zones/{zoneId}/stalls'].post.responses)).toEqual(
        expect.arrayContaining(['201', '400', '401', '403', '404', '409']),
      );
      expect(Object.keys(doc.paths['/api/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    });

    it('serves Swagger UI as HTML at /docs', async () => {
      const res = await t.http.get('/docs').redirects(1).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/swagger-ui/i);
    });
  });

  describe('unknown routes', () => {
    it('answers 404 NOT_FOUND in the contract shape', async () => {
      expectError(await t.http.get('/api/no-such-thing').set(bearer(t.staffToken)), 404, 'NOT_FOUND');
    });

    it('answers a known path with a method it does not support 405 METHOD_NOT_ALLOWED, saying what it allows', async () => {
      const res = await t.http.delete('/api/zones').set(bearer(t.staffToken));
      expectError(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('GET, HEAD, POST');
      const withIdRequest = t.http.put('/api/zones/0d7c6a52-7f0e-4f5e-9f4e-7d2f8a1b2c3d');
      const withId = await withIdRequest.send({});
      expectError(withId, 405, 'METHOD_NOT_ALLOWED');
      expect(withId.headers.allow).toBe('GET, HEAD, PATCH');
      // An odd method with an odd body is answered before the body is read.
      // (supertest has the QUERY method, its types do not.)
      const queryMethod = (t.http as unknown as Record<string, (url: string) => typeof withIdRequest>).query.bind(t.http);
      const query = await queryMethod('/api/zones').set('content-type', 'text/plain').send('x');
      expectError(query, 405, 'METHOD_NOT_ALLOWED');
    });
  });

  // Last: it takes the database away from this file's app.
  describe('when the database is unreachable', () => {
    it('GET /api/health answers 503 SERVICE_UNAVAILABLE with Retry-After', async () => {
      await t.db.onApplicationShutdown();
      const res = await t.http.get('/api/health');
      expect({ status: res.status, body: res.body }).toEqual({
        status: 503,
        body: expect.objectContaining({
          statusCode: 503,
          error: REASON_PHRASES[503],
          code: 'SERVICE_UNAVAILABLE',
          message: expect.any(String),
        }),
      });
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    });
  });
});

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_ROOT } from '../../src/web/web-files.js';
import { useTestApp } from '../support/create-app.js';

/** A built web as Vite lays it out: the residents' entry page and one hashed bundle. */
function builtWeb(): string {
  const root = mkdtempSync(join(tmpdir(), 'tidal-web-'));
  mkdirSync(join(root, 'residents'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'residents/index.html'),
    '<!doctype html><html><head><title>潮汐摊区</title><script type="module" src="/assets/residents-AbC123.js"></script></head><body></body></html>',
  );
  writeFileSync(join(root, 'assets/residents-AbC123.js'), 'console.log("residents");');
  mkdirSync(join(root, 'vendor'));
  writeFileSync(
    join(root, 'vendor/index.html'),
    '<!doctype html><html><head><title>潮汐摊区 · 摊主</title><script type="module" src="/assets/vendor-Xyz789.js"></script></head><body></body></html>',
  );
  mkdirSync(join(root, 'console'));
  writeFileSync(
    join(root, 'console/index.html'),
    '<!doctype html><html><head><title>潮汐摊区 · 管理控制台</title><script type="module" src="/assets/console-Con456.js"></script></head><body></body></html>',
  );
  mkdirSync(join(root, '.vite'));
  writeFileSync(
    join(root, '.vite/manifest.json'),
    JSON.stringify({
      'residents/index.html': { file: 'assets/residents-AbC123.js', isEntry: true, imports: ['_client.js'] },
      'vendor/index.html': {
        file: 'assets/vendor-Xyz789.js',
        isEntry: true,
        css: ['assets/vendor-Css111.css'],
        imports: ['_client.js'],
        dynamicImports: ['web/src/vendor/Lazy.vue'],
      },
      '_client.js': { file: 'assets/client-Shared0.js' },
      'web/src/vendor/Lazy.vue': { file: 'assets/Lazy-Lzy222.js', imports: ['_client.js'] },
    }),
  );
  return root;
}

describe('the web pages, built', () => {
  const root = builtWeb();
  const t = useTestApp({ providers: [[WEB_ROOT, root]], env: { MAP_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' } });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('GET / is the residents page, never cached, with the configuration injected as text', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<title>潮汐摊区</title>');
    expect(res.text).toContain(
      '<meta name="tidal-config" content="{&quot;mapTileUrl&quot;:&quot;https://{s}.tiles.example.org/{z}/{x}/{y}.png&quot;}"></head>',
    );
  });

  it("lets the page load its bundles and the map's tiles, nothing else, and does not upgrade plain HTTP", async () => {
    const csp = (await t.http.get('/').expect(200)).headers['content-security-policy'] as string;
    const directives = new Map(csp.split(';').map((d) => [d.trim().split(' ')[0], d.trim().split(' ').slice(1)]));
    expect(directives.get('script-src')).toContain("'self'");
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'https://*.tiles.example.org']);
    expect(directives.has('upgrade-insecure-requests')).toBe(false);
  });

  it('GET /s/:stallId is the same page (it reads the path), for any id: the page says when a stall is unknown', async () => {
    const res = await t.http.get('/s/0190f9a0-0000-7000-8000-000000000000').expect(200);
    expect(res.text).toContain('/assets/residents-AbC123.js');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed bundles for a year, immutable; a missing one is the usual 404', async () => {
    const res = await t.http.get('/assets/residents-AbC123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toBe('console.log("residents");');
    const missing = await t.http.get('/assets/residents-Old999.js').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('a new build is served at once, not a kept copy naming bundles that are gone', async () => {
    const page = join(root, 'residents/index.html');
    writeFileSync(page, '<!doctype html><html><head><script type="module" src="/assets/residents-New456.js"></script></head></html>');
    utimesSync(page, new Date(), new Date(Date.now() + 5_000));
    const res = await t.http.get('/').expect(200);
    expect(res.text).toContain('residents-New456.js');
    expect(res.text).not.toContain('residents-AbC123.js');
  });

  it('serves the vendor app at /vendor/ (no token) and every client-side route under it; /vendor leads there', async () => {
    const moved = await t.http.get('/vendor').expect(302);
    expect(moved.headers.location).toBe('/vendor/');
    for (const path of ['/vendor/', '/vendor/claim', '/vendor/inbox']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('/assets/vendor-Xyz789.js');
      expect(res.text).toContain('<meta name="tidal-config"');
    }
    // The data still needs a token.
    await t.http.get('/api/vendors/me').expect(401);
  });

  it('serves the staff console at /console/ (no token) and every client-side route under it; /console leads there', async () => {
    const moved = await t.http.get('/console').expect(302);
    expect(moved.headers.location).toBe('/console/');
    for (const path of ['/console/', '/console/sign-in', '/console/zones/0190f9a0-0000-7000-8000-000000000000', '/console/grid']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('/assets/console-Con456.js');
    }
    // Its data needs a staff token.
    await t.http.get('/api/zones').expect(401);
  });

  it("the vendor app's service worker keeps every file the face may load, and its manifest makes it installable", async () => {
    const worker = await t.http.get('/vendor/sw.js').expect(200);
    expect(worker.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(worker.headers['cache-control']).toBe('no-cache');
    const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(worker.text)![1]) as string[];
    expect(precache).toEqual([
      '/assets/Lazy-Lzy222.js',
      '/assets/client-Shared0.js',
      '/assets/vendor-Css111.css',
      '/assets/vendor-Xyz789.js',
    ]);
    const manifest = (await t.http.get('/vendor/manifest.webmanifest').expect(200)).body as Record<string, unknown>;
    expect(manifest).toMatchObject({ start_url: '/vendor/', scope: '/vendor/', display: 'standalone', lang: 'zh-CN' });
    await t.http.get('/vendor/icon.svg').expect(200).expect('content-type', 'image/svg+xml');
  });

  it('keeps the API, the docs and the metrics where they were, and the pages out of the OpenAPI document', async () => {
    await t.http.get('/api/health').expect(200);
    await t.http.get('/metrics').expect(200);
    const document = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/'))).toEqual([]);
    await t.http.post('/').expect(405);
  });
});

describe('the web pages, not built', () => {
  const root = mkdtempSync(join(tmpdir(), 'tidal-web-empty-'));
  const t = useTestApp({ providers: [[WEB_ROOT, root]] });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('GET / and the stall pages answer 503 with a plain hint, and the API works', async () => {
    for (const path of ['/', '/s/0190f9a0-0000-7000-8000-000000000000', '/vendor/', '/vendor/claims', '/console/', '/console/zones']) {
      const res = await t.http.get(path).expect(503);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toContain('npm run build');
      expect(res.text).toContain('/docs');
    }
    await t.http.get('/api/health').expect(200);
    await t.http.get('/api/public/zones?lat=29.1&lng=107.1').expect(200);
    await t.http.get('/assets/residents-AbC123.js').expect(404);
  });

  it('has no map in its policy when MAP_TILE_URL is unset', async () => {
    const csp = (await t.http.get('/api/health').expect(200)).headers['content-security-policy'] as string;
    expect(csp).toContain("img-src 'self' data:;");
  });
});

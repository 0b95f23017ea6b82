import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { ACCESS_KEY, AccessRule } from '../../src/auth/access.decorators.js';
import type { Role } from '../../src/common/actor.js';
import { auditCount, claim, claimRow, createMarket, Market, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { bearer, TestApp, useTestApp } from '../support/create-app.js';
import { expectError, isError } from '../support/expect-error.js';

/**
 * The authorization matrix, built from the router itself: every route Nest
 * registered, every kind of caller. A new route without @Public()/@Roles()
 * fails here before it can ship closed-by-accident (or open-by-accident).
 */

const GLOBAL_PREFIX = 'api';

interface RouteInfo {
  /** e.g. `POST /api/claims/:id/cancel` */
  key: string;
  method: string;
  path: string;
  handler: string;
  rule: AccessRule | undefined;
}

function asArray(value: unknown): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}

/** The web faces the app serves from web/dist: the residents' page, the stall pages, the vendor app's and the console's shells. */
const isWebPath = (path: string) =>
  path === '/' || path === '/s/:stallId' || ['/vendor', '/console'].some((face) => path === face || path.startsWith(`${face}/`));

/** Every (method, path) the application registered, with the access rule the guard will read. */
function discoverRoutes(t: TestApp): RouteInfo[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!controller || !wrapper.instance) continue;
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    const controllerPaths = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (methodPath === undefined || requestMethod === undefined) continue; // not a route handler
      // Exactly what AuthGuard reads: the handler's rule, else the controller's.
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]);
      const method = RequestMethod[requestMethod];
      for (const base of controllerPaths) {
        for (const sub of asArray(methodPath)) {
          const local = joinPath(base, sub);
          // The prefix excludes only the web pages and '/metrics' (the operators' scraper).
          const path = isWebPath(local) || local === '/metrics' ? local : joinPath(GLOBAL_PREFIX, local);
          routes.push({ key: `${method} ${path}`, method, path, handler: `${controller.name}.${name}`, rule });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

type Identity = 'anonymous' | 'garbage token' | 'vendor A' | 'vendor B' | 'staff';

describe('authorization matrix', () => {
  const t = useTestApp();
  let market: Market;
  let vendorA: { id: string; token: string };
  let vendorB: { id: string; token: string };
  /** Vendor A's claim the matrix uses (the matrix's own requests may cancel it). */
  let claimOfA: { id: string; [key: string]: unknown };
  /** Another claim of vendor A, only for the object-level checks. */
  let privateClaimOfA: { id: string; [key: string]: unknown };
  let routes: RouteInfo[];

  async function login(username: string, password: string): Promise<string> {
    const res = await t.http.post('/api/auth/login').send({ username, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  beforeAll(async () => {
    // Real objects, seeded through the API: a zone with stalls and a daily session, two approved
    // vendors (tokens from the login route), and a claim of vendor A.
    market = await createMarket(t, { stalls: 3, category: 'vegetables' });
    const a = await approvedVendor(t, { name: '摊主甲' });
    const b = await approvedVendor(t, { name: '摊主乙' });
    vendorA = { id: a.id, token: await login(a.phone, 'secret-123') };
    vendorB = { id: b.id, token: await login(b.phone, 'secret-123') };
    claimOfA = await claim(t, vendorA.token, slot(market, '2026-12-02'));
    privateClaimOfA = await claim(t, vendorA.token, slot(market, '2026-12-04', 1));
    routes = discoverRoutes(t);
  });

  it('finds the routes through the router (sanity: the enumeration is not empty or partial)', () => {
    const keys = routes.map((r) => r.key);
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/health',
        'POST /api/vendors/register',
        'GET /api/vendors/me',
        'POST /api/zones',
        'GET /api/zones/:zoneId/slots',
        'POST /api/claims',
        'GET /api/claims/:id',
        'POST /api/claims/:id/cancel',
        'POST /api/claims/:id/check-in',
        'GET /api/audit',
        'POST /api/assignments',
      ]),
    );
  });

  it('every route declares an access rule (@Public() or @Roles(...))', () => {
    const undeclared = routes
      .filter((r) => !r.rule || (!('public' in r.rule) && !('roles' in r.rule)))
      .map((r) => `${r.key} (${r.handler})`);
    expect(undeclared).toEqual([]);
    const emptyRoles = routes.filter((r) => r.rule && 'roles' in r.rule && r.rule.roles.length === 0).map((r) => r.key);
    expect(emptyRoles).toEqual([]);
  });

  const isWebPage = (r: RouteInfo) => r.method === 'GET' && isWebPath(r.path);

  it('only the contract’s anonymous routes are public', () => {
    // The contract: no token → only /api/public/*, /api/health (and its liveness), /api/auth/*, POST /api/vendors/register,
    // /docs, the residents' page / and the stall pages /s/:stallId, the static shells of the console (/console) and the vendor app (/vendor: its
    // page, service worker, manifest and icon; its data needs a token); and /metrics, which takes the operators' METRICS_TOKEN
    // instead of a user's token.
    const publicRoutes = routes.filter((r) => r.rule && 'public' in r.rule);
    const allowed = (r: RouteInfo) =>
      r.path.startsWith('/api/public/') ||
      r.path === '/api/health' ||
      r.path === '/api/health/live' ||
      r.path === '/metrics' ||
      r.path.startsWith('/api/auth/') ||
      r.key === 'POST /api/vendors/register' ||
      isWebPage(r);
    expect(publicRoutes.filter((r) => !allowed(r)).map((r) => r.key)).toEqual([]);
  });

  describe('object level: vendor B on vendor A’s claim', () => {
    it('answers 404 NOT_FOUND to GET, cancel and check-in, exactly as for a claim that does not exist, and changes nothing', async () => {
      // Inside the check-in window and before the start: vendor A could both cancel and check in now.
      t.clock.set('2026-12-04T05:45:00+08:00');
      const rowBefore = await claimRow(t, privateClaimOfA.id);
      const auditBefore = await auditCount(t);
      const asB = bearer(vendorB.token);
      const missing = randomUUID();

      const attempts = [
        ['GET', `/api/claims/${privateClaimOfA.id}`, `/api/claims/${missing}`],
        ['POST', `/api/claims/${privateClaimOfA.id}/cancel`, `/api/claims/${missing}/cancel`],
        ['POST', `/api/claims/${privateClaimOfA.id}/check-in`, `/api/claims/${missing}/check-in`],
      ] as const;
      for (const [method, path, missingPath] of attempts) {
        const send = (p: string) => (method === 'GET' ? t.http.get(p).set(asB) : t.http.post(p).set(asB).send({}));
        const res = await send(path);
        expectError(res, 404, 'NOT_FOUND');
        // No existence oracle: same answer as for an id that exists nowhere (modulo the id in the text).
        const other = await send(missingPath);
        expectError(other, 404, 'NOT_FOUND');
        expect(res.body.message.replace(privateClaimOfA.id, '<id>')).toBe(other.body.message.replace(missing, '<id>'));
      }

      expect(await claimRow(t, privateClaimOfA.id)).toEqual(rowBefore);
      expect(await auditCount(t)).toBe(auditBefore);
      // Vendor A and staff still see it, untouched.
      const own = await t.http.get(`/api/claims/${privateClaimOfA.id}`).set(bearer(vendorA.token));
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: privateClaimOfA.id, status: 'confirmed' });
      const staff = await t.http.get(`/api/claims/${privateClaimOfA.id}`).set(bearer(t.staffToken));
      expect(staff.status).toBe(200);
      expect(staff.body).toMatchObject({ id: privateClaimOfA.id, status: 'confirmed' });
      // Positive control: the refusal was about ownership, not the window — vendor A may check in now.
      const checkIn = await t.http.post(`/api/claims/${privateClaimOfA.id}/check-in`).set(bearer(vendorA.token)).send({});
      expect(checkIn.status).toBe(200);
      expect(checkIn.body).toMatchObject({ id: privateClaimOfA.id, status: 'checked_in' });
    });

    it('vendor B sees vendor A’s slot as claimed, without its claim id or vendor; vendor A and staff see both', async () => {
      const slotOf = async (token: string) => {
        const res = await t.http.get(`/api/zones/${market.zone.id}/slots?date=2026-12-04`).set(bearer(token));
        expect(res.status).toBe(200);
        return (res.body.items as Record<string, unknown>[]).find(
          (s) => s.stallId === market.stalls[1].id && s.sessionId === market.session.id,
        )!;
      };
      const seenByB = await slotOf(vendorB.token);
      expect(seenByB.status).toBe('claimed');
      expect(JSON.stringify(seenByB)).not.toContain(privateClaimOfA.id);
      expect(JSON.stringify(seenByB)).not.toContain(vendorA.id);
      expect(seenByB).not.toHaveProperty('claimId');
      expect(seenByB).not.toHaveProperty('vendorId');
      expect(seenByB).not.toHaveProperty('vendorName');
      expect(await slotOf(vendorA.token)).toMatchObject({ status: 'claimed', claimId: privateClaimOfA.id });
      expect(await slotOf(t.staffToken)).toMatchObject({ status: 'claimed', claimId: privateClaimOfA.id, vendorId: vendorA.id });
    });

    it('vendor B does not see vendor A’s claims in its own list', async () => {
      const res = await t.http.get('/api/vendors/me/claims?from=2026-12-01&to=2026-12-31').set(bearer(vendorB.token));
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).not.toContain(privateClaimOfA.id);
    });
  });

  it('every route × {anonymous, garbage token, vendor A, vendor B, staff} gets the declared outcome', async () => {
    const identities: { name: Identity; role?: Role; header?: string }[] = [
      { name: 'anonymous' },
      { name: 'garbage token', header: 'Bearer not.a.token' },
      { name: 'vendor A', role: 'vendor', header: `Bearer ${vendorA.token}` },
      { name: 'vendor B', role: 'vendor', header: `Bearer ${vendorB.token}` },
      { name: 'staff', role: 'staff', header: `Bearer ${t.staffToken}` },
    ];
    const byCollection: Record<string, string> = {
      zones: market.zone.id,
      sessions: market.session.id,
      stalls: market.stalls[0].id,
      vendors: vendorA.id,
      claims: claimOfA.id,
    };
    const unresolved: string[] = [];
    const fill = (route: RouteInfo): string =>
      route.path.replace(/:(\w+)/g, (_match, name: string, offset: number) => {
        if (name === 'zoneId') return market.zone.id;
        if (name === 'sessionId') return market.session.id;
        if (name === 'stallId') return market.stalls[0].id;
        if (name === 'vendorId') return vendorA.id;
        if (name === 'claimId') return claimOfA.id;
        if (name === 'date') return '2026-12-03';
        const collection = route.path.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
        if (name === 'id' && byCollection[collection]) return byCollection[collection];
        unresolved.push(`${route.key} :${name}`);
        return randomUUID();
      });

    const failures: string[] = [];
    const serverErrors: string[] = [];
    let cells = 0;
    for (const route of routes) {
      const url = fill(route);
      for (const who of identities) {
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';
        let req = t.http[method](url);
        if (who.header) req = req.set('Authorization', who.header);
        // A body where one may be sent: empty is enough, the auth outcome is what counts here.
        if (['POST', 'PUT', 'PATCH'].includes(route.method)) req = req.send({});
        const res = await req;
        cells += 1;
        const cell = `${route.key} as ${who.name} → ${res.status} ${JSON.stringify(res.body)}`;
        // A web face answers 503 SERVICE_UNAVAILABLE, by design, while `npm run build:web` has not run (jest alone).
        const unbuiltFace = res.status === 503 && isWebPage(route);
        if (res.status >= 500 && !unbuiltFace) serverErrors.push(cell);
        const rule = route.rule;
        if (!rule) {
          failures.push(`${cell} (route declares no access rule)`);
        } else if ('public' in rule) {
          if (res.status === 401 || res.status === 403) failures.push(`${cell} (public route must not answer 401/403)`);
        } else if (!who.role) {
          if (!isError(res, 401, 'UNAUTHORIZED')) failures.push(`${cell} (expected 401 UNAUTHORIZED)`);
        } else if (!rule.roles.includes(who.role)) {
          if (!isError(res, 403, 'FORBIDDEN')) failures.push(`${cell} (expected 403 FORBIDDEN: needs ${rule.roles.join('|')})`);
        } else if (rule.zoneCaptains && who.role === 'vendor') {
          // Neither vendor is a captain: refused, unless the thing asked about is not found first.
          if (!isError(res, 403, 'FORBIDDEN') && !isError(res, 404, 'NOT_FOUND') && res.status !== 400) {
            failures.push(`${cell} (a vendor who is no captain: expected 403 FORBIDDEN)`);
          }
        } else if (res.status === 401 || res.status === 403) {
          failures.push(`${cell} (role ${who.role} is listed: must not answer 401/403)`);
        }
      }
    }

    const publicCount = routes.filter((r) => r.rule && 'public' in r.rule).length;
    console.log(
      `authorization matrix: ${routes.length} routes × ${identities.length} callers = ${cells} requests ` +
        `(${routes.length} × 4 roles = ${routes.length * 4}, plus ${routes.length} with a garbage token); ` +
        `${publicCount} public, ${routes.length - publicCount} protected` +
        (unresolved.length ? `; path parameters filled with random ids: ${unresolved.join(', ')}` : ''),
    );
    expect(cells).toBe(routes.length * identities.length);
    expect(failures).toEqual([]);
    // The contract: a request never yields 500 for bad input (an empty body, a foreign id).
    expect(serverErrors).toEqual([]);
  });
});

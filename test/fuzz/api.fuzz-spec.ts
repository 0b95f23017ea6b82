/**
 * API fuzz test (issue "Reliability and security"): reads the app's own
 * OpenAPI document and sends ≥ 10,000 fast-check-generated requests across
 * every route and role, on one app with a little real data.
 *
 * For every request: no 5xx; every 4xx body is the contract's error shape
 * with statusCode = HTTP status and an UPPER_SNAKE code; a refused request
 * (anything but 2xx) leaves the database content unchanged; and nothing ever
 * pollutes Object.prototype.
 *
 *   npm run test:fuzz                      (seed 42, 10,000 requests)
 *   FUZZ_SEED=7 FUZZ_RUNS=20000 npm run test:fuzz
 *
 * The database is checked by a content hash over every table (see
 * db-checksum.ts), recomputed whenever the app's writer has committed.
 */
import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import jsonwebtoken from 'jsonwebtoken';
import { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createMarket, Market, postClaim, stopBackgroundJobs, UUID } from '../factories/claim.factory.js';
import { approvedVendor, registerVendor, TestVendor } from '../factories/vendor.factory.js';
import { bearer, createTestApp, TestApp } from '../support/create-app.js';
import { AuthChoice, BodySpec, RawJson, Ref, randomGarbageTokenArb, requestArb, RequestSpec, Text } from './arbitraries.js';
import { changedTables, Checksum, DatabaseChecksum } from './db-checksum.js';
import { FuzzHttpClient, RawResponse } from './http-client.js';
import { methodsByTemplate, RouteSpec, routesFromOpenApi } from './openapi-routes.js';

const SEED = Number(process.env.FUZZ_SEED ?? 42);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const MIN_REQUESTS = 10_000;
/** Requests between two refreshes of the seed data (seedMarket). */
const EPOCH = 500;
/** FUZZ_TRACE='POST /api/claims' prints every request to matching routes with its answer. */
const TRACE = process.env.FUZZ_TRACE;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const ERROR_KEYS = ['code', 'error', 'message', 'statusCode'];

// ------------------------------------------------------------------ id pools

/** Real ids by kind: the seed's ids stay; ids seen in later 2xx answers rotate through a few slots. */
class IdPools {
  private readonly seeds = new Map<string, string[]>();
  private readonly recent = new Map<string, string[]>();
  private static readonly RECENT = 12;

  seed(kind: string, ...ids: string[]): void {
    this.seeds.set(kind, [...(this.seeds.get(kind) ?? []), ...ids]);
  }

  /** New seed ids of a kind; the old ones stay reachable among the recent ones. */
  reseed(kind: string, ids: string[]): void {
    for (const old of this.seeds.get(kind) ?? []) this.add(kind, old);
    this.seeds.set(kind, ids);
  }

  add(kind: string, id: string): void {
    const list = this.recent.get(kind) ?? [];
    if (list.includes(id) || this.seeds.get(kind)?.includes(id)) return;
    list.push(id);
    if (list.length > IdPools.RECENT) list.shift();
    this.recent.set(kind, list);
  }

  private list(kind: string): string[] {
    return [...(this.seeds.get(kind) ?? []), ...(this.recent.get(kind) ?? [])];
  }

  /**
   * Three times in five a seed id (so that a stall, a session and a vendor
   * often belong together and requests get past the 404s), otherwise any id
   * of the kind; an unknown kind draws from every pool.
   */
  resolve(ref: Ref): string {
    const seeds = this.seeds.get(ref.kind) ?? [];
    let ids = ref.index % 5 < 3 && seeds.length ? seeds : this.list(ref.kind);
    if (ids.length === 0) ids = [...this.seeds.keys()].flatMap((k) => this.list(k));
    const id = ids.length ? ids[Math.floor(ref.index / 5) % ids.length] : '00000000-0000-4000-8000-000000000000';
    return ref.upper ? id.toUpperCase() : id;
  }

  /** Collects UUIDs from a successful answer: `id` is of the route's kind, `xxxId` of kind `xxxs`. */
  harvest(value: unknown, routeKind: string, depth = 0): void {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 50)) this.harvest(item, routeKind, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && UUID.test(v)) {
        if (key === 'id') this.add(routeKind, v);
        else {
          const m = /([A-Z]?[a-z]+)Id$/.exec(key);
          if (m) this.add(`${m[1].toLowerCase()}s`, v);
        }
      } else if (typeof v === 'object') {
        this.harvest(v, routeKind, depth + 1);
      }
    }
  }

  kinds(): string[] {
    return [...new Set([...this.seeds.keys(), ...this.recent.keys()])];
  }
}

/** The kind of the resource a route answers with: the last literal path segment that names a pool. */
function routeKind(route: RouteSpec, known: string[]): string {
  const literals = route.template.split('/').filter((s) => s && !s.startsWith('{'));
  for (let i = literals.length - 1; i >= 0; i--) if (known.includes(literals[i])) return literals[i];
  return 'any';
}

// ------------------------------------------------------------------ serialising a request

function pct(text: string): string {
  // Byte-wise, so lone surrogates (which encodeURIComponent refuses) go out as U+FFFD.
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function toJsonText(value: unknown, pools: IdPools): string {
  if (value instanceof Ref) return JSON.stringify(pools.resolve(value));
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v, pools)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText((value as Record<string, unknown>)[k], pools)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function flatPairs(value: unknown, pools: IdPools, prefix = ''): [string, string][] {
  if (value instanceof Ref) return [[prefix, pools.resolve(value)]];
  if (value instanceof RawJson) return [[prefix, value.text]];
  if (Array.isArray(value)) return value.flatMap((v) => flatPairs(v, pools, prefix));
  if (value !== null && typeof value === 'object') {
    return Object.keys(value).flatMap((k) => flatPairs((value as Record<string, unknown>)[k], pools, prefix ? `${prefix}[${k}]` : k));
  }
  return [[prefix || 'value', String(value)]];
}

interface Wire {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function resolveText(value: Text, pools: IdPools): string {
  return value instanceof Ref ? pools.resolve(value) : value;
}

function toWire(spec: RequestSpec, pools: IdPools): Wire {
  const path = spec.route.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const segment = spec.segments[name];
    const value = resolveText(segment.value, pools);
    return segment.encode ? pct(value) : value;
  });
  const query = spec.query.map((q) => {
    const value = resolveText(q.value, pools);
    return q.encode ? `${pct(q.key)}=${pct(value)}` : `${q.key}=${value}`;
  });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (spec.auth.header !== undefined) headers.authorization = spec.auth.header;
  for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = resolveText(value, pools);
  let body: Buffer | undefined;
  const b: BodySpec = spec.body;
  switch (b.kind) {
    case 'none':
      break;
    case 'json':
      headers['content-type'] = b.contentType;
      body = Buffer.from(toJsonText(b.value, pools), 'utf8');
      break;
    case 'form':
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = Buffer.from(
        flatPairs(b.value, pools)
          .map(([k, v]) => `${pct(k)}=${pct(v)}`)
          .join('&'),
        'utf8',
      );
      break;
    case 'multipart': {
      const boundary = '----fuzzBoundary7MA4YWxkTrZu0gW';
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      const parts = flatPairs(b.value, pools).map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '%22')}"\r\n\r\n${v}\r\n`,
      );
      body = Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
      break;
    }
    case 'raw':
      if (b.contentType !== null) headers['content-type'] = b.contentType;
      body = Buffer.from(b.text, 'utf8');
      break;
  }
  return { method: spec.method, path: query.length ? `${path}?${query.join('&')}` : path, headers, body };
}

// ------------------------------------------------------------------ checks

interface Violation {
  signature: string;
  count: number;
  routes: Set<string>;
  /** The smallest request seen with this signature. */
  example: { request: string; size: number; response: string };
}

function truncate(text: string, max = 400): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

function describeRequest(wire: Wire, auth: AuthChoice): string {
  const headers = Object.entries(wire.headers)
    .filter(([k]) => k !== 'accept')
    .map(([k, v]) => `${k}: ${k === 'authorization' ? `${truncate(v, 60)} [${auth.label}]` : truncate(v, 80)}`);
  const body = wire.body === undefined ? '(no body)' : truncate(wire.body.toString('utf8'), 600);
  return `${wire.method} ${truncate(wire.path, 300)}\n    ${headers.join('\n    ') || '(no headers)'}\n    body: ${body}`;
}

function describeResponse(res: RawResponse | undefined, error?: unknown): string {
  if (!res) return `no response: ${(error as Error)?.message ?? String(error)}`;
  return `${res.status} ${res.headers['content-type'] ?? '(no content-type)'} ${truncate(res.text, 500)}`;
}

/** How deeply the JSON (or other) text nests brackets outside strings: for failure messages. */
function nestingDepth(body: Buffer | undefined): number {
  if (!body) return 0;
  const text = body.toString('utf8');
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === '}') depth--;
  }
  return max;
}

function errorShapeProblem(res: RawResponse): string | null {
  const body = res.json as Record<string, unknown> | undefined;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return 'body is not a JSON object';
  const keys = Object.keys(body).sort();
  if (keys.join() !== ERROR_KEYS.join()) return `keys are [${keys.join(', ')}], expected [${ERROR_KEYS.join(', ')}]`;
  if (body.statusCode !== res.status) return `statusCode ${String(body.statusCode)} ≠ HTTP ${res.status}`;
  if (typeof body.code !== 'string' || !UPPER_SNAKE.test(body.code)) return `code ${JSON.stringify(body.code)} is not UPPER_SNAKE`;
  if (typeof body.error !== 'string' || body.error === '') return 'error is not a non-empty string';
  if (typeof body.message !== 'string') return 'message is not a string';
  return null;
}

/** The outermost realm's Object.prototype (core modules live there; Jest runs tests in a vm context). */
function outerObjectPrototype(): object {
  let proto: object = IncomingMessage.prototype;
  while (Object.getPrototypeOf(proto) !== null) proto = Object.getPrototypeOf(proto);
  return proto;
}

function pollutionState(): string {
  const outer = outerObjectPrototype();
  const probe = {} as Record<string, unknown>;
  return JSON.stringify({
    isAdmin: probe.isAdmin,
    polluted: probe.polluted,
    inner: Object.getOwnPropertyNames(Object.prototype).sort(),
    outer: Object.getOwnPropertyNames(outer).sort(),
    outerIsAdmin: (outer as Record<string, unknown>).isAdmin,
    arrayInner: Object.getOwnPropertyNames(Array.prototype).length,
  });
}

function dataVersion(t: TestApp): Promise<number> {
  return new DatabaseChecksum(t.db.reader).dataVersion();
}

// ------------------------------------------------------------------ the test

describe('API fuzz (OpenAPI-driven, fast-check)', () => {
  let t: TestApp;
  let client: FuzzHttpClient;
  let routes: RouteSpec[];
  let market: Market;
  let vendorA: TestVendor;
  let vendorB: TestVendor;
  let pending: TestVendor;
  const pools = new IdPools();

  beforeAll(async () => {
    t = await createTestApp();
    // The no-show sweeper runs every real minute; a background write would be blamed on a refused request.
    stopBackgroundJobs(t);

    // A little real data, through the API: two approved vendors, one pending, and a market (seedMarket).
    vendorA = await approvedVendor(t);
    vendorB = await approvedVendor(t, { kind: 'fruit_farmer', categories: ['fruit'] });
    pending = await registerVendor(t, { name: 'ملك 🧺', kind: 'vendor', categories: ['food', 'general'] });
    const staffId = JSON.parse(Buffer.from(t.staffToken.split('.')[1], 'base64url').toString()).sub as string;
    pools.seed('vendors', vendorA.id, vendorB.id, pending.id);
    pools.seed('users', staffId);

    const versionBefore = await dataVersion(t);
    const seeded = await seedMarket(0);
    expect(seeded.claimed).toBe(true);
    // The checksum's change detector (PRAGMA data_version on the read connection) must notice the writer's commits.
    expect(await dataVersion(t)).not.toBe(versionBefore);

    const docs = await t.http.get('/docs-json').expect(200);
    routes = routesFromOpenApi(docs.body);
    const base = new URL(await t.listen());
    client = new FuzzHttpClient(base.hostname, Number(base.port));
  }, 120_000);

  /**
   * A zone with three stalls and a daily session (a different hour or day
   * each epoch, so vendor A's seed claims do not overlap), a claim by vendor A and a
   * cancelled occurrence; vendors A and B approved again whatever the fuzz
   * did to them. Run at the start and every EPOCH requests, because the fuzz
   * soon deletes the session, cancels the claim and suspends the vendors,
   * and the generators aim three times in five at these seed ids.
   */
  async function seedMarket(epoch: number): Promise<{ claimed: boolean }> {
    const hour = 6 + 2 * (epoch % 8);
    const time = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const day = (n: number) => `2026-12-${String(n).padStart(2, '0')}`;
    const claimDay = 2 + (Math.floor(epoch / 8) % 10);
    market = await createMarket(t, {
      zone: { name: `潮汐摊区 ${epoch}` },
      stalls: 3,
      category: 'general',
      session: { startTime: time(hour), endTime: time(hour + 1) },
    });
    for (const vendor of [vendorA, vendorB]) {
      const { body } = await t.http.get(`/api/vendors/${vendor.id}`).set(bearer(t.staffToken)).expect(200);
      if (body.status === 'suspended') await t.http.post(`/api/vendors/${vendor.id}/reinstate`).set(bearer(t.staffToken)).expect(200);
      if (body.status === 'pending' || body.status === 'rejected')
        await t.http.post(`/api/vendors/${vendor.id}/approve`).set(bearer(t.staffToken)).expect(200);
    }
    const claimed = await postClaim(t, vendorA.token, { stallId: market.stalls[0].id, sessionId: market.session.id, date: day(claimDay) });
    await t.http
      .post(`/api/sessions/${market.session.id}/cancellations`)
      .set(bearer(t.staffToken))
      .send({ date: day(claimDay + 3), reason: '暴雨预警' })
      .expect(201);
    pools.reseed('zones', [market.zone.id]);
    pools.reseed(
      'stalls',
      market.stalls.map((s) => s.id),
    );
    pools.reseed('sessions', [market.session.id]);
    if (claimed.status === 201) pools.reseed('claims', [claimed.body.id]);
    return { claimed: claimed.status === 201 };
  }

  afterAll(async () => {
    client?.close();
    await t?.close();
  });

  it(
    `answers ${RUNS} generated requests without 5xx, with the error shape, changing nothing when refused (seed ${SEED})`,
    async () => {
      expect(routes.length).toBeGreaterThan(20);
      expect(routes.every((r) => r.template.startsWith('/api/'))).toBe(true);

      const jwt = t.app.get(JwtService);
      const staffId = pools.resolve(new Ref('users', 0));
      const now = Math.floor(Date.now() / 1000);
      const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: staffId, role: 'staff' })).toString('base64url')}.`;
      const garbage: AuthChoice[] = [
        { label: 'not a JWT', header: 'Bearer not-a-jwt' },
        { label: 'empty bearer', header: 'Bearer ' },
        { label: 'scheme only', header: 'Bearer' },
        { label: 'basic auth', header: 'Basic YWRtaW46YWRtaW4tcGFzc3dvcmQtZm9yLXRlc3Rz' },
        { label: 'staff token, wrong scheme', header: `Token ${t.staffToken}` },
        { label: 'staff token + junk', header: `Bearer ${t.staffToken}x` },
        { label: 'truncated staff token', header: `Bearer ${t.staffToken.slice(0, -6)}` },
        { label: 'two tokens', header: `Bearer ${vendorA.token} ${t.staffToken}` },
        {
          label: 'wrong secret (staff)',
          header: `Bearer ${jsonwebtoken.sign({ sub: vendorA.id, role: 'staff' }, 'not-the-secret-not-the-secret-not-the-secret')}`,
        },
        { label: 'alg none (staff)', header: `Bearer ${algNone}` },
        { label: 'expired staff token', header: `Bearer ${jwt.sign({ sub: staffId, role: 'staff', iat: now - 7200 }, { expiresIn: 60 })}` },
        { label: 'unknown role', header: `Bearer ${t.tokenFor(vendorA.id, 'admin' as never)}` },
        { label: 'no role', header: `Bearer ${jwt.sign({ sub: vendorA.id })}` },
        { label: 'no sub', header: `Bearer ${jwt.sign({ role: 'vendor' })}` },
        { label: 'numeric sub', header: `Bearer ${jwt.sign({ sub: 42, role: 'vendor' } as never)}` },
        { label: 'non-uuid sub', header: `Bearer ${t.tokenFor("' OR 1=1 --", 'vendor')}` },
        { label: 'unknown vendor', header: `Bearer ${t.tokenFor(randomUUID(), 'vendor')}` },
        { label: 'unknown staff', header: `Bearer ${t.tokenFor(randomUUID(), 'staff')}` },
        { label: 'staff id as vendor', header: `Bearer ${t.tokenFor(staffId, 'vendor')}` },
      ];
      const auths = [
        { weight: 30, arb: fc.constant<AuthChoice>({ label: 'staff', header: `Bearer ${t.staffToken}` }) },
        { weight: 20, arb: fc.constant<AuthChoice>({ label: 'vendor A', header: `Bearer ${vendorA.token}` }) },
        { weight: 10, arb: fc.constant<AuthChoice>({ label: 'vendor B', header: `Bearer ${vendorB.token}` }) },
        { weight: 4, arb: fc.constant<AuthChoice>({ label: 'pending vendor', header: `Bearer ${pending.token}` }) },
        { weight: 14, arb: fc.constant<AuthChoice>({ label: 'anonymous' }) },
        { weight: 17, arb: fc.constantFrom(...garbage) },
        { weight: 5, arb: randomGarbageTokenArb.map((s): AuthChoice => ({ label: 'random garbage', header: `Bearer ${s}` })) },
      ];
      const arbitrary = requestArb(routes, methodsByTemplate(routes), auths);

      const checksum = new DatabaseChecksum(t.db.reader);
      let baseline: Checksum = await checksum.current(true);
      const pollutionBefore = pollutionState();
      let pollutionNow = pollutionBefore;
      const knownKinds = pools.kinds();
      const violations = new Map<string, Violation>();
      const byStatus = new Map<number, number>();
      const byRoute = new Map<string, Map<number, number>>();
      let requests = 0;
      const started = Date.now();

      /** Failures are grouped by what went wrong; each group keeps its routes and its smallest request. */
      const record = (signature: string, routeKey: string, wire: Wire, spec: RequestSpec, response: string) => {
        const size = wire.path.length + (wire.body?.length ?? 0);
        const existing = violations.get(signature);
        const example = { request: describeRequest(wire, spec.auth), size, response };
        if (!existing) violations.set(signature, { signature, count: 1, routes: new Set([routeKey]), example });
        else {
          existing.count += 1;
          existing.routes.add(routeKey);
          if (size < existing.example.size) existing.example = example;
        }
      };

      console.log(
        `API fuzz: seed ${SEED}, ${RUNS} requests over ${routes.length} routes (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npm run test:fuzz)`,
      );

      await fc.assert(
        fc.asyncProperty(arbitrary, async (spec) => {
          if (requests > 0 && requests % EPOCH === 0) {
            // Fresh market data (setup, not counted as fuzzed requests); the checksum baseline follows it.
            await seedMarket(requests / EPOCH);
            baseline = await checksum.current(true);
          }
          const wire = toWire(spec, pools);
          const routeKey = spec.undeclaredMethod ? `${spec.method} ${spec.route.template} (undeclared)` : spec.route.key;
          requests += 1;
          let res: RawResponse | undefined;
          try {
            res = await client.send(wire);
          } catch (error) {
            record('no response', routeKey, wire, spec, describeResponse(undefined, error));
          }
          const status = res?.status ?? 0;
          if (TRACE && routeKey.includes(TRACE)) {
            console.log(`${describeRequest(wire, spec.auth)}\n  → ${describeResponse(res)}`);
          }
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          // Undeclared methods are many small variants: one line in the summary.
          const summaryKey = spec.undeclaredMethod ? '(methods the document does not declare, on its paths)' : routeKey;
          if (!byRoute.has(summaryKey)) byRoute.set(summaryKey, new Map());
          byRoute.get(summaryKey)!.set(status, (byRoute.get(summaryKey)!.get(status) ?? 0) + 1);

          if (res) {
            if (res.status >= 500) {
              const depth = nestingDepth(wire.body);
              const why = depth >= 100 ? ` (request body nested ${depth} deep)` : '';
              record(
                `${res.status} ${String((res.json as { code?: unknown } | undefined)?.code ?? '')}${why}`,
                routeKey,
                wire,
                spec,
                describeResponse(res),
              );
            }
            if (res.status >= 400 && res.status < 500) {
              const problem = errorShapeProblem(res);
              if (problem) record(`${res.status} without the error shape: ${problem}`, routeKey, wire, spec, describeResponse(res));
            }
          }

          const after = await checksum.current();
          const succeeded = res !== undefined && res.status >= 200 && res.status < 300;
          if (succeeded) {
            pools.harvest(res!.json, routeKind(spec.route, knownKinds));
          } else {
            const lockoutAllowed = spec.method === 'POST' && /\/auth\/login$/.test(spec.route.template);
            const changed = lockoutAllowed ? after.withoutLoginLockout !== baseline.withoutLoginLockout : after.all !== baseline.all;
            if (changed) {
              const tables = changedTables(baseline, after).join(', ');
              record(`${status} refused but changed the database (${tables})`, routeKey, wire, spec, describeResponse(res));
            }
          }
          baseline = after;

          // Blame the request after which Object.prototype changed (once per change).
          const pollution = pollutionState();
          if (pollution !== pollutionNow) {
            record('Object.prototype polluted', routeKey, wire, spec, `${describeResponse(res)}\n  prototype now: ${pollution}`);
            pollutionNow = pollution;
          }
          return true;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );

      const seconds = (Date.now() - started) / 1000;
      const statusLine = [...byStatus.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ');
      const routeLines = [...byRoute.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, counts]) => {
          const total = [...counts.values()].reduce((a, b) => a + b, 0);
          const detail = [...counts.entries()]
            .sort(([a], [b]) => a - b)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ');
          return `  ${key.padEnd(62)} ${String(total).padStart(5)}  ${detail}`;
        });
      console.log(
        [
          `API fuzz summary: seed ${SEED}, ${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s), ` +
            `seed data refreshed ${Math.floor((requests - 1) / EPOCH)} times, ${checksum.fullHashes} full database hashes`,
          `by status: ${statusLine}`,
          'by route:',
          ...routeLines,
          `database rows at the end: ${JSON.stringify(baseline.rows)}`,
        ].join('\n'),
      );

      const report = [...violations.values()].map(
        (v) =>
          `${v.signature}: ${v.count} requests on ${v.routes.size} routes (${[...v.routes].sort().join(', ')})\n  smallest: ${v.example.request}\n  → ${v.example.response}`,
      );
      if (report.length) console.log(`API fuzz found ${report.length} kinds of failure (seed ${SEED}):\n\n${report.join('\n\n')}`);

      // Every declared route was hit, and as many requests as promised.
      expect([...routes.map((r) => r.key)].filter((key) => !byRoute.has(key))).toEqual([]);
      expect(requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(pollutionState()).toBe(pollutionBefore);
      expect(report).toEqual([]);
    },
    // The issue's budget: a few minutes on a 2-core machine (about 1 minute for 10,000 requests here).
    Math.max(8 * 60_000, RUNS * 48),
  );
});

/**
 * API fuzz test (issue "Reliability and security"): reads the app's own
 * OpenAPI document and sends ≥ 10,000 fast-check-generated requests across
 * every route and role, on one app with a little real data, on SQLite
 * (`npm run test:fuzz`) or PostgreSQL (`npm run test:fuzz:pg`).
 *
 * Three kinds of request, mixed:
 *  - hostile (arbitraries.ts): anything goes: wrong types, huge and deep
 *    bodies, injections, odd methods, content types, paths and tokens;
 *  - valid (schema-requests.ts): derived from the document's own request
 *    schemas and valid against them;
 *  - invalid: the same, invalid in exactly one property (one rule of one
 *    body property, query parameter or header; a missing required one; an
 *    unknown one; a lone surrogate in a text property).
 *
 * For every request: no 5xx; every 4xx body is the contract's error shape
 * with statusCode = HTTP status and an UPPER_SNAKE code; a refused request
 * (anything but 2xx) leaves the database content unchanged; nothing ever
 * pollutes Object.prototype; the status is one the document lists for the
 * operation, and the code one its description names (hostile requests may
 * also get the transport's answers: 400 for a body or query that does not
 * parse, 405, 413, 414, 415, 431); a 2xx body matches the documented
 * response schema. For a valid request: the server never refuses it for a
 * schema reason, i.e. never answers 400 VALIDATION_FAILED unless the
 * message is one of the rules the document states in words (contract.ts,
 * WORDED_RULES: a range over 366 days, an instant not in the future…);
 * 400 INVALID_RECURRENCE (the rrule pattern admits what the parser
 * refuses), 404, 409, 422 and the others the document lists are business
 * answers. For an invalid request: 400 VALIDATION_FAILED or
 * INVALID_RECURRENCE whose message names the broken property (hence
 * nothing changed), whatever else the request says. The generated requests
 * are themselves checked against the document with ajv (schema-oracle.ts),
 * so a generator mistake fails as one, not as a server bug.
 *
 *   npm run test:fuzz                      (seed 42, 10,000 requests, SQLite)
 *   npm run test:fuzz:pg                   (the same on PostgreSQL)
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
import {
  AuthChoice,
  BodySpec,
  kindFor,
  NEAR_DATES,
  RawJson,
  Ref,
  randomGarbageTokenArb,
  requestArb,
  RequestSpec,
  Text,
} from './arbitraries.js';
import { documentedWordedRule, parseQuery, requestSchemaFindings, responseBodyProblem, undocumentedAnswer } from './contract.js';
import { changedTables, Checksum, databaseChecksum, DatabaseChecksum } from './db-checksum.js';
import { FuzzHttpClient, RawResponse } from './http-client.js';
import { methodsByTemplate, RouteSpec, routesFromOpenApi } from './openapi-routes.js';
import { SchemaArbitraries } from './schema-arbitraries.js';
import { SchemaOracle } from './schema-oracle.js';
import { RouteAuths, SchemaRequests } from './schema-requests.js';

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

/**
 * Whether the document's promises about statuses apply to a request: not to
 * methods it does not declare, nor to paths mangled past the route (raw
 * `..%2F`, empty or dot segments), which may name another route or none.
 */
function contractApplies(spec: RequestSpec): boolean {
  if (spec.undeclaredMethod) return false;
  return Object.values(spec.segments).every((s) => s.encode && !(typeof s.value === 'string' && ['', '.', '..'].includes(s.value)));
}

/** The answers the transport gives a hostile request before the operation sees it (not the document's to list). */
function transportExplains(spec: RequestSpec, wire: Wire, status: number): boolean {
  if ([408, 413, 414, 431].includes(status)) return true;
  const b = spec.body;
  const plainJson = b.kind === 'json' && b.contentType === 'application/json';
  if (status === 415) return b.kind !== 'none' && !plainJson;
  if (status === 400) {
    if (spec.query.some((q) => !q.encode)) return true;
    if (b.kind === 'none') return false;
    if (!plainJson || !spec.route.body) return true;
    try {
      const value: unknown = JSON.parse(wire.body!.toString('utf8'));
      return value === null || typeof value !== 'object' || Array.isArray(value);
    } catch {
      return true;
    }
  }
  return false;
}

/** The text-rule probes a schema-derived request carries (for the summary, and to prove they were made). */
function textProbes(spec: RequestSpec, wire: Wire): string[] {
  const tags: string[] = [];
  const body = spec.route.body;
  let parsed: Record<string, unknown> | undefined;
  if (wire.body && body) {
    try {
      parsed = JSON.parse(wire.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
  }
  const query = parseQuery(wire.path);
  const valueAt = (location: string): unknown => {
    const [where, ...rest] = location.split('.');
    const name = rest.join('.');
    if (where === 'body') return parsed?.[name];
    if (where === 'query') return query.get(name);
    return wire.headers[name.toLowerCase()];
  };
  if (spec.kind === 'invalid' && spec.mutation) {
    const value = valueAt(spec.mutation.location);
    if (typeof value !== 'string') return tags;
    const rule = spec.mutation.rule;
    if (rule === 'lone surrogate') tags.push('lone surrogate (JSON escape \\udXXX) → 400');
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    if (rule === 'pattern' && /[\u0000-\u001f\u007f]/.test(value)) {
      tags.push(value.includes('\u0000') ? 'U+0000 in a text property → 400' : 'other C0 control / DEL → 400');
    }
    if (rule === 'maxLength' && value.endsWith('\ufe0f')) tags.push('U+FE0F after maxLength characters → 400');
    if (rule === 'maxLength' && /[\u{10000}-\u{10ffff}]/u.test(value)) tags.push('astral characters past maxLength → 400');
  }
  if (spec.kind === 'valid' && parsed && typeof parsed === 'object') {
    for (const [name, schema] of Object.entries(body?.properties ?? {})) {
      const value = parsed[name];
      if (typeof value !== 'string' || typeof schema.maxLength !== 'number') continue;
      const length = [...value].length;
      if (length === schema.maxLength && /[\u{10000}-\u{10ffff}]/u.test(value))
        tags.push('astral characters, exactly maxLength code points → accepted');
      if (length === schema.maxLength && value.endsWith('\ufe0f')) tags.push('ending in U+FE0F, exactly maxLength code points → accepted');
      if (/[\t\n\r]/.test(value)) tags.push('tab/LF/CR in a multi-line text → accepted');
    }
  }
  return tags;
}

/**
 * `limit must be an integer from 1 to 200`: the property a refusal names must appear in its message. A
 * `__proto__` or `constructor` key is refused by the JSON body parser (Fastify's prototype-poisoning guard)
 * before validation, with a message about the body as a whole.
 */
function namesProperty(message: string, location: string): boolean {
  const name = location.split('.').slice(1).join('.');
  if (location.startsWith('body.') && ['__proto__', 'constructor'].includes(name) && /^Body is not valid JSON/.test(message)) return true;
  return message.includes(name);
}

/** Values out of a refusal message, so that one cause is one failure kind. */
function messageShape(message: string): string {
  return message
    .replace(/\([^)]*\)/g, '(…)')
    .replace(/\d{4}-\d{2}-\d{2}\S*/g, '<date>')
    .slice(0, 160);
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
  let checksum: DatabaseChecksum;
  /** The roles each secured route admits, learned before the run (see probeRoles). */
  const admitted = new Map<string, Set<string>>();
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

    checksum = databaseChecksum(t.db);
    const versionBefore = await checksum.version();
    const hashBefore = await checksum.current(true);
    const seeded = await seedMarket(0);
    expect(seeded.claimed).toBe(true);
    // The change detector (SQLite: PRAGMA data_version; PostgreSQL: the snapshot's xmax) must notice the writer's commits,
    // and the hash must see the new rows.
    expect(await checksum.version()).not.toBe(versionBefore);
    expect((await checksum.current()).all).not.toBe(hashBefore.all);

    const docs = await t.http.get('/docs-json').expect(200);
    routes = routesFromOpenApi(docs.body);
    const base = new URL(await t.listen());
    client = new FuzzHttpClient(base.hostname, Number(base.port));
    await probeRoles();
  }, 120_000);

  /**
   * Which roles each secured route admits: a request with a staff token and
   * one with a vendor token, ids that name nothing and an empty body; the
   * guard answers 403 FORBIDDEN (or 401) before anything else when the role
   * is wrong. Nothing is changed (404 or 400).
   */
  async function probeRoles(): Promise<void> {
    const before = await checksum.current(true);
    for (const route of routes.filter((r) => r.secured)) {
      const roles = new Set<string>();
      for (const [role, token] of [
        ['staff', t.staffToken],
        ['vendor', vendorA.token],
      ] as const) {
        const path = route.template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          /date/i.test(name) ? '2026-12-01' : '00000000-0000-4000-8000-000000000000',
        );
        const res = await client.send({
          method: route.method,
          path,
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${token}`,
            ...(route.body ? { 'content-type': 'application/json' } : {}),
          },
          body: route.body ? Buffer.from('{}') : undefined,
        });
        const code = (res.json as { code?: string } | undefined)?.code;
        if (!(res.status === 401 || (res.status === 403 && code === 'FORBIDDEN'))) roles.add(role);
      }
      if (roles.size === 0) throw new Error(`no role is admitted to ${route.key}`);
      admitted.set(route.key, roles);
    }
    expect((await checksum.current()).all).toBe(before.all);
  }

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
    `answers ${RUNS} generated requests as the OpenAPI document says: no 5xx, the error shape, documented statuses and bodies, nothing changed when refused (seed ${SEED})`,
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
      const hostile = requestArb(routes, methodsByTemplate(routes), auths);

      // Schema-derived requests: a token whose role the route admits (or another now and then, for valid ones).
      const staffAuth: AuthChoice = { label: 'staff', header: `Bearer ${t.staffToken}` };
      const vendorAAuth: AuthChoice = { label: 'vendor A', header: `Bearer ${vendorA.token}` };
      const vendorBAuth: AuthChoice = { label: 'vendor B', header: `Bearer ${vendorB.token}` };
      const pendingAuth: AuthChoice = { label: 'pending vendor', header: `Bearer ${pending.token}` };
      const anonymous: AuthChoice = { label: 'anonymous' };
      const routeAuths = (route: RouteSpec): RouteAuths => {
        if (!route.secured)
          return { allowed: fc.constant(anonymous), other: fc.constantFrom(staffAuth, vendorAAuth, ...garbage.slice(0, 4)) };
        const roles = admitted.get(route.key)!;
        const allowed = [
          ...(roles.has('staff') ? [staffAuth, staffAuth] : []),
          ...(roles.has('vendor') ? [vendorAAuth, vendorAAuth, vendorBAuth, pendingAuth] : []),
        ];
        const other = [
          anonymous,
          ...garbage.slice(0, 6),
          ...(roles.has('staff') ? [] : [staffAuth]),
          ...(roles.has('vendor') ? [] : [vendorAAuth]),
        ];
        return { allowed: fc.constantFrom(...allowed), other: fc.constantFrom(...other) };
      };
      const oracle = new SchemaOracle();
      const deriver = new SchemaArbitraries(oracle, {
        id: (name) => (/Id$/.test(name) ? fc.nat().map((i) => new Ref(kindFor(name), i)) : undefined),
        dates: NEAR_DATES,
        ranges: [
          ['from', 'to'],
          ['validFrom', 'validUntil'],
        ],
      });
      const schemaRequests = new SchemaRequests(deriver, routeAuths);
      const validArb = fc.oneof(...routes.map((route) => schemaRequests.valid(route)));
      const invalidPerRoute = routes.flatMap((route) => {
        const arb = schemaRequests.invalid(route);
        return arb ? [arb] : [];
      });
      const invalidRoutes = routes.filter((route) => schemaRequests.mutations(route).length > 0).map((r) => r.key);
      const arbitrary = fc.oneof(
        { weight: 4, arbitrary: hostile },
        { weight: 4, arbitrary: validArb },
        { weight: 3, arbitrary: fc.oneof(...invalidPerRoute) },
      );

      let baseline: Checksum = await checksum.current(true);
      const pollutionBefore = pollutionState();
      let pollutionNow = pollutionBefore;
      const knownKinds = pools.kinds();
      const violations = new Map<string, Violation>();
      const byStatus = new Map<number, number>();
      const byRoute = new Map<string, Map<number, number>>();
      const byKind = new Map<string, Map<number, number>>();
      const probes = new Map<string, Map<number, number>>();
      /** Routes that got each kind of schema-derived request. */
      const kindRoutes = { valid: new Set<string>(), invalid: new Set<string>() };
      const count = (map: Map<string, Map<number, number>>, key: string, status: number) => {
        if (!map.has(key)) map.set(key, new Map());
        map.get(key)!.set(status, (map.get(key)!.get(status) ?? 0) + 1);
      };
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

      const script = checksum.driver === 'postgres' ? 'test:fuzz:pg' : 'test:fuzz';
      console.log(
        `API fuzz on ${checksum.driver}: seed ${SEED}, ${RUNS} requests over ${routes.length} routes ` +
          `(replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npm run ${script})\n` +
          `roles admitted: ${[...admitted].map(([key, roles]) => `${key} [${[...roles].join(', ')}]`).join('; ')}`,
      );

      /** The document's promises (statuses, codes, response schemas) and the schema-derived kinds' expectations. */
      const checkContract = (spec: RequestSpec, wire: Wire, res: RawResponse, routeKey: string) => {
        const route = spec.route;
        const kind = spec.kind ?? 'hostile';
        const body = res.json as { code?: unknown; message?: unknown } | undefined;
        const code = res.status >= 400 && typeof body?.code === 'string' ? body.code : '';
        const message = typeof body?.message === 'string' ? body.message : '';
        const answer = describeResponse(res);
        if (contractApplies(spec) && !(kind === 'hostile' && transportExplains(spec, wire, res.status))) {
          const problem = undocumentedAnswer(route, res.status, code);
          if (problem) record(`answer not in the document: ${route.key}: ${problem}`, routeKey, wire, spec, answer);
        }
        if (contractApplies(spec) && res.status >= 200 && res.status < 300) {
          const problem = responseBodyProblem(oracle, route, res.status, String(res.headers['content-type'] ?? ''), res.text, res.json);
          if (problem)
            record(`${route.key} ${res.status}: the body breaks the documented response schema: ${problem}`, routeKey, wire, spec, answer);
        }
        if (kind === 'hostile') return;

        // The generated request itself, as sent, against the document: a generator mistake is reported as one.
        const findings = requestSchemaFindings(oracle, route, wire);
        const where = [...findings].map(([location, why]) => `${location}: ${why}`).join('; ');
        if (kind === 'valid') {
          if (findings.size > 0) {
            record(`fuzz generator: a "valid" request breaks the document (${where.slice(0, 200)})`, routeKey, wire, spec, answer);
            return;
          }
          if (res.status === 400 && code === 'VALIDATION_FAILED' && !documentedWordedRule(route, message)) {
            record(`schema-valid request refused with 400 VALIDATION_FAILED: ${messageShape(message)}`, routeKey, wire, spec, answer);
          }
          return;
        }
        const mutation = spec.mutation!;
        const expected = [...findings.keys()].every((l) => l === mutation.location) && (findings.size === 1 || mutation.textRule);
        if (!expected) {
          record(
            `fuzz generator: an "invalid" request (${mutation.location} ${mutation.rule}) breaks the document elsewhere or not at all (${where.slice(0, 200) || 'valid'})`,
            routeKey,
            wire,
            spec,
            answer,
          );
          return;
        }
        if (res.status === 429) return; // the rate limit answers before validation; nothing to judge
        // One failure kind per broken place and rule, whichever route and answer (the smallest example shows them).
        const key = mutation.location.slice('body.'.length);
        const place =
          mutation.rule !== 'unknown property'
            ? mutation.location
            : key in Object.prototype || key === '__proto__'
              ? 'body.<a key named like an Object.prototype property>'
              : 'body.<an unknown key>';
        const refused = res.status === 400 && ['VALIDATION_FAILED', 'INVALID_RECURRENCE'].includes(code);
        if (!refused || !namesProperty(message, mutation.location)) {
          record(`schema-invalid request not refused with 400 for it: ${place} (${mutation.rule})`, routeKey, wire, spec, answer);
        }
      };

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
          const kind = spec.kind ?? 'hostile';
          count(byKind, kind, status);
          if (kind !== 'hostile') kindRoutes[kind].add(spec.route.key);
          for (const tag of kind === 'hostile' ? [] : textProbes(spec, wire)) count(probes, tag, status);
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
            if (res.status < 500) checkContract(spec, wire, res, routeKey);
          }

          const after = await checksum.current();
          const succeeded = res !== undefined && res.status >= 200 && res.status < 300;
          if (succeeded) {
            pools.harvest(res!.json, routeKind(spec.route, knownKinds));
          } else {
            // A refused login or password change counts the failure (login_throttles), by design.
            const lockoutAllowed = spec.method === 'POST' && /\/auth\/(login|password)$/.test(spec.route.template);
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
      const statusDetail = (counts: Map<number, number>) =>
        [...counts.entries()]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ');
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
          `API fuzz summary (${checksum.driver}): seed ${SEED}, ${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s), ` +
            `seed data refreshed ${Math.floor((requests - 1) / EPOCH)} times, ${checksum.fullHashes} full database hashes`,
          `by status: ${statusLine}`,
          `by kind: ${[...byKind.entries()].map(([kind, counts]) => `${kind} ${[...counts.values()].reduce((a, b) => a + b, 0)} (${statusDetail(counts)})`).join('; ')}`,
          'text-rule probes:',
          ...[...probes.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([tag, counts]) => `  ${tag.padEnd(62)} ${statusDetail(counts)}`),
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

      // Every declared route was hit, by hostile, valid and (where something can be broken) invalid requests,
      // the text rules were probed, and as many requests as promised were sent.
      expect([...routes.map((r) => r.key)].filter((key) => !byRoute.has(key))).toEqual([]);
      expect(routes.map((r) => r.key).filter((key) => !kindRoutes.valid.has(key))).toEqual([]);
      expect(invalidRoutes.filter((key) => !kindRoutes.invalid.has(key))).toEqual([]);
      expect(
        [
          'U+0000 in a text property → 400',
          'lone surrogate (JSON escape \\udXXX) → 400',
          'U+FE0F after maxLength characters → 400',
          'astral characters past maxLength → 400',
          'astral characters, exactly maxLength code points → accepted',
        ].filter((tag) => !probes.has(tag)),
      ).toEqual([]);
      expect(requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(pollutionState()).toBe(pollutionBefore);
      expect(report).toEqual([]);
    },
    // The issue's budget: a few minutes on a 2-core machine (about 1 minute for 10,000 requests here).
    Math.max(8 * 60_000, RUNS * 48),
  );
});

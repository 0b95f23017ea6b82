/**
 * Whole requests derived from the OpenAPI document's own schemas (see
 * schema-arbitraries.ts), of two kinds:
 *
 *  - valid: the body, the query string and the headers satisfy the
 *    operation's schemas (required parameters present, optional ones now and
 *    then); path ids are real ids from the pools most of the time;
 *  - invalid: the same, with exactly one property broken: one rule of one
 *    body property, query parameter or header (wrong type, null where not
 *    nullable, too long or short in code points, outside minimum/maximum, not
 *    an integer, not matching the pattern or the format, not in the enum,
 *    too few/many/duplicate items), a required one left out, or a property
 *    the schema does not list (the document closes bodies with
 *    additionalProperties: false). Lone surrogates (the JSON escape "\ud800")
 *    in a text property are invalid by the text rules, not by the schema.
 *
 * Invalid requests go out with a token whose role the route admits (learned
 * before the run), so that validation, not the guard, answers them.
 */
import fc from 'fast-check';
import { AuthChoice, BodySpec, kindFor, NEAR_DATES, QueryPart, Ref, RequestSpec, SchemaMutation, Segment, Text } from './arbitraries.js';
import type { ParamSpec, RouteSpec, Schema } from './openapi-routes.js';
import { ownObject, SchemaArbitraries } from './schema-arbitraries.js';

export interface RouteAuths {
  /** Tokens whose role the route admits (or no token for a public route). */
  allowed: fc.Arbitrary<AuthChoice>;
  /** Everything else: no token, a wrong role, garbage. */
  other: fc.Arbitrary<AuthChoice>;
}

interface Parts {
  body?: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
}

interface MutationCase extends SchemaMutation {
  weight: number;
  apply: fc.Arbitrary<(parts: Parts) => Parts>;
}

function weighted<T>(...parts: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  const live = parts.filter(([w]) => w > 0);
  if (live.length === 1) return live[0][1];
  return fc.oneof(...live.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

/** Parameters as one object schema, so that required/optional and ranges work as for a body. */
function paramsSchema(params: ParamSpec[]): Schema {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

function setKey(object: Record<string, unknown> | undefined, key: string, value: unknown): Record<string, unknown> {
  const entries = Object.keys(object ?? {})
    .filter((k) => k !== key)
    .map((k): [string, unknown] => [k, object![k]]);
  return ownObject([...entries, [key, value]]);
}

function dropKey(object: Record<string, unknown> | undefined, key: string): Record<string, unknown> {
  return ownObject(
    Object.keys(object ?? {})
      .filter((k) => k !== key)
      .map((k): [string, unknown] => [k, object![k]]),
  );
}

const anyValidDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Path parameters are `type: string` in the document: real ids (the pools) or dates, so that requests get past the 404s. */
function segmentArb(param: ParamSpec, template: string): fc.Arbitrary<Segment> {
  if (/date/i.test(param.name) || param.schema.format === 'date') {
    return weighted<Text>([4, fc.constantFrom(...NEAR_DATES)], [1, anyValidDay]).map((value): Segment => ({ value, encode: true }));
  }
  const kind = kindFor(param.name, template);
  return weighted<Text>([12, fc.nat().map((i) => new Ref(kind, i))], [1, fc.nat().map((i) => new Ref(kind, i, true))], [1, fc.uuid()]).map(
    (value): Segment => ({ value, encode: true }),
  );
}

/** Property names a body schema does not list. */
function unknownKeyArb(known: string[]): fc.Arbitrary<string> {
  return weighted<string>(
    [
      3,
      fc.constantFrom(
        'extra',
        'isAdmin',
        'status',
        'role',
        'id',
        'vendorId',
        'createdAt',
        'passwordHash',
        '中文键',
        '🧺',
        'Name',
        'name ',
        'NAME',
      ),
    ],
    // Names of Object.prototype's own properties and the keys class-transformer drops.
    [
      2,
      fc.constantFrom(
        'toString',
        'valueOf',
        'hasOwnProperty',
        'isPrototypeOf',
        'propertyIsEnumerable',
        'toLocaleString',
        '__defineGetter__',
        '__lookupGetter__',
        'constructor',
        '__proto__',
        'prototype',
      ),
    ],
    [2, fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,12}$/)],
  ).filter((key) => !known.includes(key));
}

export class SchemaRequests {
  constructor(
    private readonly deriver: SchemaArbitraries,
    private readonly auths: (route: RouteSpec) => RouteAuths,
  ) {}

  private segments(route: RouteSpec): fc.Arbitrary<Record<string, Segment>> {
    return fc
      .tuple(...route.pathParams.map((p) => segmentArb(p, route.template).map((s): [string, Segment] => [p.name, s])))
      .map((entries) => Object.fromEntries(entries));
  }

  private parts(route: RouteSpec): fc.Arbitrary<Parts> {
    return fc.record({
      body: route.body ? this.deriver.validObject(route.body) : fc.constant(undefined),
      query: this.deriver.validObject(paramsSchema(route.queryParams)),
      headers: this.deriver.validObject(paramsSchema(route.headerParams)),
    });
  }

  private toSpec(
    route: RouteSpec,
    kind: 'valid' | 'invalid',
    segments: Record<string, Segment>,
    auth: AuthChoice,
    parts: Parts,
    mutation?: SchemaMutation,
  ): RequestSpec {
    const text = (v: unknown): Text => (v instanceof Ref ? v : String(v));
    const query: QueryPart[] = Object.keys(parts.query).flatMap((key) => {
      const value = parts.query[key];
      return (Array.isArray(value) ? value : [value]).map((v): QueryPart => ({ key, value: text(v), encode: true }));
    });
    const headers: Record<string, Text> = Object.fromEntries(Object.keys(parts.headers).map((k) => [k, text(parts.headers[k])]));
    const body: BodySpec =
      parts.body === undefined ? { kind: 'none' } : { kind: 'json', value: parts.body, contentType: 'application/json' };
    return { route, method: route.method, undeclaredMethod: false, segments, query, auth, headers, body, kind, mutation };
  }

  /** Requests valid against the route's schemas; now and then with a token the route does not admit. */
  valid(route: RouteSpec): fc.Arbitrary<RequestSpec> {
    const { allowed, other } = this.auths(route);
    const auth = weighted<AuthChoice>([85, allowed], [15, other]);
    return fc
      .tuple(this.segments(route), auth, this.parts(route))
      .map(([segments, a, parts]) => this.toSpec(route, 'valid', segments, a, parts));
  }

  /** Every way to break exactly one property of the route's request. */
  mutations(route: RouteSpec): MutationCase[] {
    const cases: MutationCase[] = [];
    const body = route.body;
    if (body) {
      const props = body.properties ?? {};
      const required = new Set(body.required ?? []);
      for (const [name, schema] of Object.entries(props)) {
        for (const c of this.deriver.invalid(schema, name, 'body')) {
          cases.push({
            location: `body.${name}`,
            rule: c.rule,
            textRule: Boolean(c.textRule),
            weight: /^(pattern|maxLength|lone surrogate)$/.test(c.rule) ? 2 : 1,
            apply: c.arb.map((v) => (p: Parts) => ({ ...p, body: setKey(p.body, name, v) })),
          });
        }
        if (required.has(name)) {
          cases.push({
            location: `body.${name}`,
            rule: 'missing',
            textRule: false,
            weight: 1,
            apply: fc.constant((p: Parts) => ({ ...p, body: dropKey(p.body, name) })),
          });
        }
      }
      if (body.additionalProperties === false) {
        const known = Object.keys(props);
        // One case per key would be more; the location is the key itself, filled in when generated.
        cases.push({
          location: 'body.*',
          rule: 'unknown property',
          textRule: false,
          weight: 2,
          apply: fc.tuple(unknownKeyArb(known), fc.constantFrom<unknown>('x', 1, true, null, {}, ['a'])).map(
            ([key, value]) =>
              (p: Parts) =>
                ({ ...p, body: setKey(p.body, key, value), unknownKey: key }) as Parts,
          ),
        });
      }
    }
    for (const [where, params] of [
      ['query', route.queryParams],
      ['header', route.headerParams],
    ] as const) {
      for (const param of params) {
        const field = where === 'query' ? 'query' : 'headers';
        for (const c of this.deriver.invalid(param.schema, param.name, where)) {
          cases.push({
            location: `${where}.${param.name}`,
            rule: c.rule,
            textRule: Boolean(c.textRule),
            weight: 1,
            apply: c.arb.map((v) => (p: Parts) => ({ ...p, [field]: setKey(p[field], param.name, v) })),
          });
        }
        if (param.required) {
          cases.push({
            location: `${where}.${param.name}`,
            rule: 'missing',
            textRule: false,
            weight: 1,
            apply: fc.constant((p: Parts) => ({ ...p, [field]: dropKey(p[field], param.name) })),
          });
        }
      }
    }
    return cases;
  }

  /** Requests invalid in exactly one property, with a token the route admits; undefined when nothing can be broken. */
  invalid(route: RouteSpec): fc.Arbitrary<RequestSpec> | undefined {
    const cases = this.mutations(route);
    if (cases.length === 0) return undefined;
    const mutation = fc.oneof(
      ...cases.map((c) => ({
        weight: c.weight,
        arbitrary: c.apply.map((apply) => ({ location: c.location, rule: c.rule, textRule: c.textRule, apply })),
      })),
    );
    return fc.tuple(this.segments(route), this.auths(route).allowed, this.parts(route), mutation).map(([segments, auth, parts, m]) => {
      const broken = m.apply(parts) as Parts & { unknownKey?: string };
      const location = m.location === 'body.*' ? `body.${broken.unknownKey}` : m.location;
      const clean: Parts = { body: broken.body, query: broken.query, headers: broken.headers };
      return this.toSpec(route, 'invalid', segments, auth, clean, { location, rule: m.rule, textRule: m.textRule });
    });
  }
}

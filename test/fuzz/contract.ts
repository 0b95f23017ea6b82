/**
 * What the OpenAPI document promises about a request and its answer, as the
 * fuzz checks it:
 *
 *  - which statuses (and, where the response's description names them,
 *    which error codes) an operation can answer with;
 *  - the JSON schema of each documented answer's body;
 *  - where a request breaks the document's request schemas (body, query
 *    parameters, headers), read from the bytes that went out;
 *  - the rules the document states in words only, which may refuse a
 *    schema-valid request with 400 VALIDATION_FAILED.
 */
import type { ErrorObject } from 'ajv';
import type { RouteSpec, Schema } from './openapi-routes.js';
import { deserialize } from './schema-arbitraries.js';
import { describeErrors, errorProperties, SchemaOracle } from './schema-oracle.js';

/**
 * Refusals of a schema-valid request that are not schema disagreements,
 * because the document states the rule in words: each names the message of
 * the 400 VALIDATION_FAILED, the field whose description (or the
 * operation's summary/description) must state it, and the words. A rule the
 * document does not state (e.g. a message below whose `words` are missing
 * from the document) counts as a refusal for a schema reason.
 */
export const WORDED_RULES: { rule: string; message: RegExp; field: string; words: RegExp }[] = [
  { rule: 'to before from', message: /^to \(\S+\) must not be before from \(\S+\)$/, field: 'to', words: /after from/ },
  { rule: 'range over 366 days', message: /^the range \S+ spans more than 366 days$/, field: 'to', words: /366 days/ },
  { rule: 'until not in the future', message: /^until must be an instant in the future/, field: 'until', words: /in the future/ },
  { rule: 'occurredAt in the future', message: /^occurredAt must not be in the future$/, field: 'occurredAt', words: /not in the future/ },
  { rule: 'applyUntil not ahead', message: /^applyUntil must be an instant ahead$/, field: 'applyUntil', words: /must lie ahead/ },
  {
    rule: 'a staff password of fewer than 8 characters',
    message: /^newPassword must be at least 8 characters long for a staff account$/,
    field: 'newPassword',
    words: /staff account needs at least 8/,
  },
  {
    rule: 'a swap with oneself',
    message: /^toVendorId: a swap is with another vendor$/,
    field: 'toVendorId',
    words: /another vendor than the caller/,
  },
  {
    rule: 'validUntil before validFrom',
    message: /^validUntil \(\S+\) must not be before validFrom \(\S+\)$/,
    field: 'validUntil',
    words: /validFrom/,
  },
];

function fieldDescription(route: RouteSpec, field: string): string {
  const prop = route.body?.properties?.[field];
  const param = [...route.queryParams, ...route.headerParams].find((p) => p.name === field);
  return [prop?.description, param?.description, param?.schema.description].filter((d): d is string => typeof d === 'string').join('\n');
}

/**
 * For a 400 VALIDATION_FAILED message: the worded rule it is, if the
 * operation's document states that rule; undefined otherwise.
 */
export function documentedWordedRule(route: RouteSpec, message: string): string | undefined {
  const rule = WORDED_RULES.find((r) => r.message.test(message));
  if (!rule) return undefined;
  return rule.words.test(fieldDescription(route, rule.field)) || rule.words.test(route.text) ? rule.rule : undefined;
}

/** Why the answer's status (and code) is not one the operation documents; null when it is. */
export function undocumentedAnswer(route: RouteSpec, status: number, code: unknown): string | null {
  const response = route.responses[String(status)];
  if (!response) return `status ${status} is not documented (documented: ${Object.keys(route.responses).join(', ')})`;
  if (status >= 400 && response.codes.length > 0 && typeof code === 'string' && !response.codes.includes(code)) {
    return `code ${code} is not documented for ${status} (documented: ${response.codes.join(', ')})`;
  }
  return null;
}

/** Array indices as `*`, so that one schema problem is one failure kind. */
function generalize(errors: ErrorObject[]): string {
  return describeErrors(errors.map((e) => ({ ...e, instancePath: e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*') }))).slice(0, 400);
}

/** Why a 2xx answer's body does not match the documented schema for its status; null when it does. */
export function responseBodyProblem(
  oracle: SchemaOracle,
  route: RouteSpec,
  status: number,
  contentType: string,
  text: string,
  json: unknown,
): string | null {
  const response = route.responses[String(status)];
  if (!response) return null; // reported as an undocumented status
  const schema: Schema | undefined = response.schema;
  if (!schema) return text === '' ? null : `the document gives no body for ${status}, the answer has ${text.length} bytes`;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (!/json/i.test(mediaType)) {
    // A documented non-JSON answer (CSV, iCalendar): its media type is what can be checked.
    if (response.mediaTypes.includes(mediaType)) return text === '' ? `an empty ${mediaType} body` : null;
    return `content-type ${contentType || '(none)'} is not JSON (documented: ${response.mediaTypes.join(', ') || 'none'})`;
  }
  if (json === undefined) return 'the body is not JSON';
  const errors = oracle.errors(schema, json);
  return errors.length ? generalize(errors) : null;
}

export interface WireRequest {
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** The query string of a path, decoded; repeated keys become arrays. */
export function parseQuery(path: string): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  const at = path.indexOf('?');
  if (at < 0) return out;
  for (const part of path.slice(at + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    const before = out.get(key);
    out.set(key, before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value]);
  }
  return out;
}

/**
 * Where the request as sent breaks the operation's request schemas:
 * `body.<property>` (or `body` for the body as a whole), `query.<name>`,
 * `header.<name>`, each with the reasons.
 */
export function requestSchemaFindings(oracle: SchemaOracle, route: RouteSpec, wire: WireRequest): Map<string, string> {
  const found = new Map<string, string>();
  const query = parseQuery(wire.path);
  for (const param of route.queryParams) {
    const value = query.get(param.name);
    query.delete(param.name);
    if (value === undefined) {
      if (param.required) found.set(`query.${param.name}`, 'missing');
      continue;
    }
    const errors = oracle.errors(param.schema, deserialize(param.schema, value));
    if (errors.length) found.set(`query.${param.name}`, describeErrors(errors));
  }
  for (const key of query.keys()) found.set(`query.${key}`, 'not a documented parameter');
  for (const param of route.headerParams) {
    const value = wire.headers[param.name.toLowerCase()];
    if (value === undefined) {
      if (param.required) found.set(`header.${param.name}`, 'missing');
      continue;
    }
    const errors = oracle.errors(param.schema, deserialize(param.schema, value));
    if (errors.length) found.set(`header.${param.name}`, describeErrors(errors));
  }
  if (route.body) {
    if (wire.body === undefined) found.set('body', 'missing');
    else {
      let value: unknown;
      try {
        value = JSON.parse(wire.body.toString('utf8'));
      } catch {
        found.set('body', 'not JSON');
        return found;
      }
      const errors = oracle.errors(route.body, value);
      for (const property of errorProperties(errors)) {
        const mine = errors.filter((e) => errorProperties([e]).has(property));
        found.set(property === '' ? 'body' : `body.${property}`, describeErrors(mine));
      }
    }
  } else if (wire.body !== undefined) {
    found.set('body', 'the operation takes no body');
  }
  return found;
}

/**
 * fast-check arbitraries for whole HTTP requests, derived from the routes of
 * the OpenAPI document (openapi-routes.ts). Values that must be real ids are
 * generated as `Ref`s (a kind and an index) and resolved against the id pools
 * only when the request is sent, so a fixed seed replays the same sequence
 * even though the app mints different UUIDs on every run.
 */
import fc from 'fast-check';
import type { ParamSpec, RouteSpec, Schema } from './openapi-routes.js';

/** A real id of some kind (`zones`, `stalls`…), picked from the pool when sent. */
export class Ref {
  constructor(
    readonly kind: string,
    readonly index: number,
    readonly upper = false,
  ) {}
}

/** JSON text spliced verbatim into a body (deep nesting, NaN, duplicate keys…). */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Text = string | Ref;

export interface Segment {
  value: Text;
  /** false: the value is already percent-encoded (or deliberately raw, e.g. `..%2F`). */
  encode: boolean;
}

export interface QueryPart {
  key: string;
  value: Text;
  /** false: key and value go into the query string as they are. */
  encode: boolean;
}

export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  | { kind: 'form'; value: unknown }
  | { kind: 'multipart'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string | null };

export interface AuthChoice {
  label: string;
  /** The whole Authorization header value; undefined: no header. */
  header?: string;
}

export interface RequestSpec {
  route: RouteSpec;
  /** Normally route.method; sometimes a method the document does not declare for the path. */
  method: string;
  undeclaredMethod: boolean;
  segments: Record<string, Segment>;
  query: QueryPart[];
  auth: AuthChoice;
  headers: Record<string, Text>;
  body: BodySpec;
  /**
   * hostile: the generators of this file (anything goes); valid / invalid:
   * derived from the document's schemas (schema-requests.ts), valid against
   * them or invalid in exactly one property (`mutation`). Absent: hostile.
   */
  kind?: 'hostile' | 'valid' | 'invalid';
  mutation?: SchemaMutation;
}

/** What an invalid schema-derived request breaks: one place and one rule. */
export interface SchemaMutation {
  /** `body.name`, `query.limit`, `header.Idempotency-Key`. */
  location: string;
  /** `maxLength`, `pattern`, `missing`, `unknown property`, `lone surrogate`… */
  rule: string;
  /** A text rule of the service (well-formed Unicode) rather than a keyword of the schema. */
  textRule: boolean;
}

// ---------------------------------------------------------------- constants

/** Depth 1000 as the issue asks, and deeper: arrays nested 1500 deep are a 3 KB body, far below the body limit. */
export const DEEP_LEVELS = [1000, 1500, 5000] as const;
const deepObject = (depth: number) => new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const deepArray = (depth: number) => new RawJson('['.repeat(depth) + ']'.repeat(depth));
const DEEP = DEEP_LEVELS.flatMap((d) => [deepObject(d), deepArray(d)]);

const MIXED_SCRIPTS = [
  '中文',
  'العربية',
  '🧺',
  '潮汐摊区 🧺 سوق',
  'Ελληνικά',
  'עברית',
  'हिन्दी',
  '한국어',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'Z̴̧̛̖a̷l̵g̶o̶',
  'ﷺ',
  '𝕏𝕪𝕫',
  '\u200b\u200d\ufeff',
  '\u202eevil\u202c',
  'A\u0000B',
  '\ud800',
  'x\r\ny',
];
const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE zones; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  '[object Object]',
];
const TIMEZONES = [
  'Asia/Shanghai',
  'UTC',
  'Pacific/Apia',
  'America/Los_Angeles',
  'Etc/GMT+12',
  'Etc/GMT-14',
  'Europe/Kyiv',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
];
const KB = 1024;
const HUGE_1MB = 'a'.repeat(1024 * KB);
const HUGE_1MB_MIXED = '潮汐🧺العربية'.repeat(Math.ceil((1024 * KB) / 12));
const BIG_100KB = 'b'.repeat(100 * KB);
const LONG_300 = '长'.repeat(300);
const LONG_5000 = 'x'.repeat(5000);
/** Longer than Node's 16 KiB request-head limit when in the URL. */
const LONG_20000 = 'y'.repeat(20_000);

const BOUNDARY_NUMBERS = [0, -1, 1, 200, 201, 500, 501, 366, 367, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 1, -0, 1.5, 0.1];
/** Non-finite numbers: the serializer writes them as bare NaN / Infinity, i.e. malformed JSON. */
const NON_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

const VALID_RRULES = [
  'FREQ=DAILY',
  'FREQ=WEEKLY;BYDAY=SA,SU',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR',
  'FREQ=MONTHLY;BYDAY=1SA',
  'FREQ=MONTHLY;BYMONTHDAY=1,15',
  'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24',
  'FREQ=DAILY;COUNT=10',
  'FREQ=DAILY;UNTIL=20271231',
  'FREQ=DAILY;INTERVAL=366',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
];
const HOSTILE_RRULES = [
  'FREQ=MINUTELY',
  'FREQ=SECONDLY',
  'FREQ=HOURLY',
  'FREQ=DAILY;INTERVAL=0',
  'FREQ=DAILY;INTERVAL=-1',
  'FREQ=DAILY;INTERVAL=367',
  'FREQ=DAILY;INTERVAL=99999999999999999999999',
  'FREQ=DAILY;COUNT=100000000',
  'FREQ=DAILY;COUNT=0',
  'FREQ=DAILY;COUNT=1001',
  'FREQ=HOURLY;INTERVAL=2;BYHOUR=18',
  'FREQ=DAILY;BYHOUR=18',
  'FREQ=DAILY;BYMINUTE=30',
  'FREQ=DAILY;BYSECOND=1',
  'FREQ=DAILY\nFREQ=WEEKLY',
  'FREQ=DAILY;\nBYDAY=MO',
  'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;INTERVAL=100',
  'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31',
  'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11',
  'FREQ=WEEKLY;BYDAY=1MO',
  'FREQ=MONTHLY;BYDAY=MO,1TU',
  'FREQ=MONTHLY;BYDAY=6MO',
  'FREQ=YEARLY;BYDAY=53MO',
  'FREQ=YEARLY;BYDAY=-53FR;BYMONTH=2',
  'FREQ=YEARLY;BYDAY=54MO',
  'FREQ=YEARLY;BYYEARDAY=366;INTERVAL=3',
  'FREQ=YEARLY;BYYEARDAY=-367',
  'FREQ=DAILY;BYYEARDAY=1',
  'FREQ=YEARLY;BYWEEKNO=1',
  'FREQ=MONTHLY;BYSETPOS=0;BYMONTHDAY=1',
  'FREQ=MONTHLY;BYSETPOS=-367;BYMONTHDAY=1',
  'FREQ=MONTHLY;BYMONTHDAY=0',
  'FREQ=MONTHLY;BYMONTHDAY=-31',
  'FREQ=MONTHLY;BYMONTHDAY=32',
  'FREQ=DAILY;BYMONTH=13',
  'FREQ=DAILY;BYMONTH=0',
  'FREQ=DAILY;UNTIL=19000101',
  'FREQ=DAILY;UNTIL=99991231T235959Z',
  'FREQ=DAILY;UNTIL=20261301',
  'FREQ=DAILY;UNTIL=20261201;COUNT=3',
  'FREQ=WEEKLY;WKST=XX',
  'FREQ=WEEKLY;BYDAY=XX',
  'FREQ=DAILY;FREQ=WEEKLY',
  'FREQ=DAILY;',
  ';;;',
  '=',
  'FREQ',
  'FREQ=',
  'freq=daily',
  'RRULE:FREQ=DAILY',
  'DTSTART:20261201T060000Z\nRRULE:FREQ=DAILY',
  'FREQ=DAILY;X-NAME=1',
  'FREQ=DAILY;BYDAY=' + Array.from({ length: 200 }, () => 'MO').join(','),
  'FREQ=MONTHLY;BYMONTHDAY=' + Array.from({ length: 400 }, (_, i) => (i % 31) + 1).join(','),
  'FREQ=DAILY;INTERVAL=1e3',
  'FREQ=DAILY;COUNT=1.5',
  'FREQ=DAILY;COUNT=0x10',
  'FREQ=DAILY\u0000',
  'FREQ=DAILY;BYDAY=MO\u202e',
  'FREQ=每天',
  ' FREQ=DAILY ',
];

// ---------------------------------------------------------------- helpers

/** An object with own properties set by defineProperty, so that `__proto__` is a plain key. */
export function own(entries: [string, unknown][]): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return target;
}

function weighted<T>(...parts: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  return fc.oneof(...parts.filter(([w]) => w > 0).map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

/** `zoneId` → `zones`, `toVendorId` → `vendors`; `id` → the literal path segment before it. */
export function kindFor(name: string, template?: string): string {
  const m = /([A-Z]?[a-z]+)Id$/.exec(name);
  if (m) return `${m[1].toLowerCase()}s`;
  if (template) {
    const parts = template.split('/');
    const at = parts.indexOf(`{${name}}`);
    for (let i = at - 1; i >= 0; i--) if (!parts[i].startsWith('{') && parts[i] !== '') return parts[i];
  }
  return 'any';
}

function isDateField(name: string, schema: Schema): boolean {
  return schema.format === 'date' || /^(date|from|to|valid(From|Until))$/.test(name);
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- leaves

export const NEAR_DATES = [
  '2026-11-30',
  '2026-12-01',
  '2026-12-02',
  '2026-12-03',
  '2026-12-05',
  '2026-12-06',
  '2026-12-14',
  '2026-12-15',
  '2027-01-01',
  '2027-11-30',
] as const;
const nearDates = fc.constantFrom(...NEAR_DATES);
const anyDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDay);
const badDates = fc.constantFrom(
  '0001-01-01',
  '9999-12-31',
  '1999-12-31',
  '2200-01-01',
  '2026-02-29',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-12-32',
  '2026-12-00',
  '20261201',
  '2026/12/01',
  '2026-12-01T00:00:00Z',
  '2026-12-01T06:00:00+08:00',
  '2026-12-01 ',
  ' 2026-12-01',
  '',
  '-001-01-01',
  '+002026-12-01',
  '2026-1-1',
  '２０２６-１２-０１',
  '2026-12-01\n',
  'yesterday',
  '1e308',
);
const validDateArb = weighted<string>([3, nearDates], [1, anyDate]);
export const dateArb = weighted<string>([6, nearDates], [3, anyDate], [3, badDates]);

const ordinaryRangeArb = fc
  .tuple(nearDates, fc.integer({ min: 0, max: 40 }))
  .map(([from, days]) => [from, isoDay(new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000))] as [string, string]);

/** [from, to] pairs: ordinary, reversed, over 366 days, absurd. */
export const dateRangeArb: fc.Arbitrary<[string, string]> = weighted<[string, string]>(
  [3, ordinaryRangeArb],
  [
    4,
    fc.constantFrom<[string, string]>(
      ['0001-01-01', '9999-12-31'],
      ['2026-12-31', '2026-12-01'],
      ['2026-12-01', '2027-12-02'],
      ['2026-12-01', '2027-12-03'],
      ['2026-12-01', '2027-12-01'],
      ['2026-12-01', '2026-12-01'],
      ['2000-01-01', '2000-12-31'],
      ['2199-01-01', '2199-12-31'],
      ['2199-12-25', '2200-01-05'],
      ['1999-12-25', '2000-01-05'],
      ['2028-02-28', '2028-03-01'],
      ['2026-12-01', ''],
      ['', '2026-12-01'],
    ),
  ],
  [2, fc.tuple(anyDate, anyDate)],
);

const validTimeArb = weighted<string>(
  [
    5,
    fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45, 59))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  ],
  [2, fc.constantFrom('06:00', '09:00', '18:00', '21:00', '23:59', '00:00', '02:30')],
);
const badTimeArb = fc.constantFrom(
  '24:00',
  '23:60',
  '6:00',
  '06:00:00',
  '06-00',
  '0600',
  '',
  '25:00',
  '-1:00',
  '06:00Z',
  '０６:００',
  '99:99',
  '06:00\n',
);

const validInstantArb = fc
  .date({ min: new Date('2026-11-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const badInstantArb = fc.constantFrom(
  '2026-11-29T00:00:00+08:00',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-12-31',
  'tomorrow',
  '2026-12-31T25:00:00Z',
  '1e308',
  '',
  '2026-12-31T00:00:00+99:00',
);

const rruleParts = fc
  .tuple(
    fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'HOURLY', 'MINUTELY', 'SECONDLY', 'daily', ''),
    fc.option(fc.constantFrom('0', '1', '2', '7', '366', '367', '-1', '100000000'), { nil: undefined }),
    fc.option(fc.constantFrom('0', '1', '1000', '1001', '100000000', '-5'), { nil: undefined }),
    fc.option(fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU', '1MO', '-1FR', '53SU', '5SA', 'XX'], { minLength: 1 }), {
      nil: undefined,
    }),
    fc.option(fc.subarray(['1', '2', '15', '28', '29', '30', '31', '-1', '0', '32'], { minLength: 1 }), { nil: undefined }),
    fc.option(fc.subarray(['1', '2', '6', '12', '13', '0'], { minLength: 1 }), { nil: undefined }),
    fc.option(fc.constantFrom('1', '-1', '0', '3', '367'), { nil: undefined }),
    fc.option(fc.constantFrom('20261231', '20261201T000000Z', '19991231', '21991231', '2026-12-31'), { nil: undefined }),
  )
  .map(([freq, interval, count, byday, bymonthday, bymonth, bysetpos, until]) =>
    [
      `FREQ=${freq}`,
      interval && `INTERVAL=${interval}`,
      count && `COUNT=${count}`,
      byday && `BYDAY=${byday.join(',')}`,
      bymonthday && `BYMONTHDAY=${bymonthday.join(',')}`,
      bymonth && `BYMONTH=${bymonth.join(',')}`,
      bysetpos && `BYSETPOS=${bysetpos}`,
      until && `UNTIL=${until}`,
    ]
      .filter(Boolean)
      .join(';'),
  );
const validRruleArb = weighted<string>([6, fc.constantFrom(...VALID_RRULES)], [1, rruleParts]);
const hostileRruleArb = weighted<string>([3, fc.constantFrom(...HOSTILE_RRULES)], [2, rruleParts]);

/** Strings a sane client never sends: empty, huge, mixed scripts, control characters, injections. */
function hostileStrings(opts: { allowHuge: boolean }): fc.Arbitrary<string> {
  return weighted<string>(
    [2, fc.constantFrom('', ' ', '\t', '\n')],
    [3, fc.constantFrom(...MIXED_SCRIPTS)],
    [2, fc.constantFrom(...INJECTIONS)],
    [2, fc.string({ unit: 'grapheme', maxLength: 40 })],
    [1, fc.string({ unit: 'binary', maxLength: 20 })],
    [2, fc.constantFrom(LONG_300, LONG_5000)],
    [opts.allowHuge ? 2 : 0, fc.constantFrom(HUGE_1MB, HUGE_1MB_MIXED, BIG_100KB)],
  );
}

/** Values of the wrong type (or the right type at a boundary), for any field. */
function wrongValue(schema: Schema): fc.Arbitrary<unknown> {
  const min = schema.minimum;
  const max = schema.maximum;
  return weighted<unknown>(
    [
      3,
      fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, [], {}, [1, 'a'], ['vegetables'], own([['$gt', '']]), own([['$ne', null]])),
    ],
    [
      3,
      fc.constantFrom(
        ...BOUNDARY_NUMBERS,
        ...[min, max, min !== undefined ? min - 1 : undefined, max !== undefined ? max + 1 : undefined].filter(
          (n): n is number => n !== undefined,
        ),
      ),
    ],
    [1, fc.constantFrom(...NON_FINITE)],
    [2, fc.constantFrom('1', '0', '-1', '1e308', 'NaN', '201', '０')],
    [4, hostileStrings({ allowHuge: true })],
    [2, fc.constantFrom(...DEEP)],
    [
      1,
      fc.constantFrom<unknown>(
        own([['__proto__', own([['isAdmin', true]])]]),
        own([['constructor', own([['prototype', own([['isAdmin', true]])]])]]),
      ),
    ],
  );
}

const badIdArb = weighted<Text>(
  [1, fc.nat().map((i) => new Ref('any', i))],
  [2, fc.uuid()],
  [
    2,
    fc.constantFrom(
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'not-a-uuid',
      '12345',
      '0f8fad5b-d9cb-469f-a165-70867728950',
      '0f8fad5bd9cb469fa16570867728950e',
      '{0f8fad5b-d9cb-469f-a165-70867728950e}',
    ),
  ],
);

/** Mostly a real id of the right kind (sometimes upper-case), else another kind's, a random UUID or no UUID. */
function idArb(kind: string): fc.Arbitrary<Text> {
  return weighted<Text>([7, fc.nat().map((i) => new Ref(kind, i))], [1, fc.nat().map((i) => new Ref(kind, i, true))], [4, badIdArb]);
}

/** Field-aware wrong values (a bad date for a date field, a hostile RRULE for an rrule field…) or any wrong value. */
function hostileValue(name: string, schema: Schema): fc.Arbitrary<unknown> {
  let specific: fc.Arbitrary<unknown> | undefined;
  if (schema.format === 'uuid' || /Id$/.test(name)) specific = badIdArb;
  else if (isDateField(name, schema)) specific = badDates;
  else if (/rrule/i.test(name)) specific = hostileRruleArb;
  else if (/time$/i.test(name) || (typeof schema.example === 'string' && /^\d\d:\d\d$/.test(schema.example))) specific = badTimeArb;
  else if (typeof schema.example === 'string' && /^\d{4}-\d\d-\d\dT/.test(schema.example)) specific = badInstantArb;
  else if (/timezone/i.test(name))
    specific = fc.constantFrom('Mars/Olympus', 'asia/shanghai', '+08:00', 'GMT+8', '../../etc/localtime', 'Etc/GMT+15', 'local');
  return specific ? weighted<unknown>([3, specific], [2, wrongValue(schema)]) : wrongValue(schema);
}

/** A value that satisfies the schema (as far as the schema says), with hints from the field name. */
function validValue(name: string, schema: Schema, template?: string): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const type = schema.type ?? (schema.properties ? 'object' : 'string');
  if (type === 'array') {
    return fc.array(validValue(name, schema.items ?? { type: 'string' }, template), { minLength: 1, maxLength: 3 });
  }
  if (type === 'object') return validObject(schema, template);
  if (type === 'boolean') return fc.boolean();
  if (type === 'number' || type === 'integer') {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? Math.max(min + 100, 100);
    const specials = [min, max, schema.example, schema.default].filter((n): n is number => typeof n === 'number' && n >= min && n <= max);
    return weighted<number>(
      [2, fc.constantFrom(...specials)],
      [3, fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 1e9)) })],
    );
  }
  // Strings.
  if (schema.format === 'uuid' || /Id$/.test(name))
    return weighted<Text>([7, fc.nat().map((i) => new Ref(kindFor(name, template), i))], [1, badIdArb]);
  if (isDateField(name, schema)) return validDateArb;
  if (/rrule/i.test(name)) return validRruleArb;
  if (/time$/i.test(name) || (typeof schema.example === 'string' && /^\d\d:\d\d$/.test(schema.example))) return validTimeArb;
  if (/timezone/i.test(name)) return fc.constantFrom(...TIMEZONES);
  if (typeof schema.example === 'string' && /^\d{4}-\d\d-\d\dT/.test(schema.example)) return validInstantArb;
  if (typeof schema.example === 'string' && /^\d{6,}$/.test(schema.example)) {
    // Digit strings shaped like the example (a phone number): same first digit and length.
    const ex = schema.example;
    return fc.array(fc.integer({ min: 0, max: 9 }), { minLength: ex.length - 1, maxLength: ex.length - 1 }).map((d) => ex[0] + d.join(''));
  }
  const minLength = schema.minLength ?? 1;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  const shaped = fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, maxLength) });
  const ascii = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/);
  const examples = [schema.example, schema.default].filter((v): v is string => typeof v === 'string');
  return weighted<string>(
    [examples.length ? 3 : 0, fc.constantFrom(...(examples.length ? examples : ['x']))],
    [3, ascii],
    [3, shaped],
    [1, fc.constantFrom(...MIXED_SCRIPTS.slice(0, 5))],
  );
}

/** All required fields and a random subset of the optional ones, each valid; from/to as one range. */
function validObject(schema: Schema, template?: string): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(props);
  if (names.length === 0) return fc.constant({});
  const fields = names.map((name) =>
    fc.tuple(
      fc.constant(name),
      required.has(name) ? fc.constant(true) : fc.boolean(),
      props[name].nullable
        ? weighted<unknown>([5, validValue(name, props[name], template)], [1, fc.constant(null)])
        : validValue(name, props[name], template),
    ),
  );
  const hasRange = names.includes('from') && names.includes('to');
  return fc
    .tuple(fc.tuple(...fields), hasRange ? fc.option(ordinaryRangeArb, { nil: undefined, freq: 2 }) : fc.constant(undefined))
    .map(([chosen, range]) => {
      const entries: [string, unknown][] = chosen.filter(([, include]) => include).map(([name, , value]) => [name, value]);
      const out = own(entries);
      if (range) {
        out.from = range[0];
        out.to = range[1];
      }
      return out;
    });
}

type Mutation = (body: Record<string, unknown>) => Record<string, unknown>;

const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'isAdmin',
  'status',
  'role',
  'id',
  'vendorId',
  'createdAt',
  'priorityGroups',
  'passwordHash',
  'extra',
  '',
  ' ',
  '中文键',
  '🧺',
  'a'.repeat(1000),
  '$where',
  'name.first',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

function mutationArb(schema: Schema): fc.Arbitrary<Mutation> {
  const names = Object.keys(schema.properties ?? {});
  const required = schema.required ?? [];
  const pick = (list: string[]) => fc.constantFrom(...(list.length ? list : ['x']));
  const clone = (body: Record<string, unknown>) => own(Object.keys(body).map((k) => [k, body[k]]));
  const mutations: [number, fc.Arbitrary<Mutation>][] = [
    [
      required.length ? 3 : 0,
      pick(required).map(
        (name): Mutation =>
          (body) =>
            own(
              Object.keys(body)
                .filter((k) => k !== name)
                .map((k) => [k, body[k]]),
            ),
      ),
    ],
    [
      3,
      fc
        .tuple(
          fc.constantFrom(...EXTRA_KEYS),
          weighted<unknown>(
            [2, fc.constantFrom<unknown>(true, 'approved', 'staff', 1, null, own([['isAdmin', true]]), own([['polluted', 'yes']]))],
            [1, wrongValue({})],
          ),
        )
        .map(
          ([key, value]): Mutation =>
            (body) =>
              own([...Object.keys(body).map((k): [string, unknown] => [k, body[k]]), [key, value]]),
        ),
    ],
    [
      names.length ? 8 : 0,
      pick(names).chain((name) =>
        hostileValue(name, schema.properties?.[name] ?? {}).map((value): Mutation => (body) => {
          const out = clone(body);
          Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
          return out;
        }),
      ),
    ],
    [1, fc.constant<Mutation>(() => ({}))],
    [
      names.includes('from') && names.includes('to') ? 4 : 0,
      dateRangeArb.map((range): Mutation => (body) => {
        const out = clone(body);
        out.from = range[0];
        out.to = range[1];
        return out;
      }),
    ],
  ];
  return weighted(...mutations);
}

/** Whole bodies that are not objects, or that try prototype pollution at the top level. */
const weirdBodyArb: fc.Arbitrary<BodySpec> = weighted<BodySpec>(
  [
    3,
    fc
      .constantFrom<unknown>(
        null,
        [],
        [{}],
        'string',
        42,
        true,
        own([['__proto__', own([['isAdmin', true]])]]),
        own([['constructor', own([['prototype', own([['isAdmin', true]])]])]]),
        own([['prototype', own([['isAdmin', true]])]]),
        ...DEEP,
      )
      .map((value): BodySpec => ({ kind: 'json', value, contentType: 'application/json' })),
  ],
  [
    3,
    fc
      .constantFrom(
        '{',
        '}',
        '{"a":}',
        '{"name":"x",}',
        "{'name':'x'}",
        '{"name":"x"} trailing',
        'nul',
        'NaN',
        '{"latitude":NaN}',
        '{"n":1e999999}',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '\ufeff{}',
        '{"name":"a","name":"b"}',
        '{"__proto__":{"isAdmin":true}}',
        '{"a":{"__proto__":{"isAdmin":true}}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
        '[{"__proto__":{"isAdmin":true}}]',
        '{"a":1}{"b":2}',
        '"\\x41"',
        '   ',
        '',
        '\u0000',
        '{"a":' + '"' + 'z'.repeat(300 * KB) + '"}',
      )
      .map((text): BodySpec => ({ kind: 'raw', text, contentType: 'application/json' })),
  ],
);

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'application/jsonx',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;',
  'text/json',
  '*/*',
  'application/octet-stream',
  'image/png',
];

export function bodyArb(route: RouteSpec): fc.Arbitrary<BodySpec> {
  const schema = route.body;
  if (!schema) {
    // Operations without a body: mostly none, sometimes a body anyway (mass assignment, parsers).
    return weighted<BodySpec>(
      [12, fc.constant<BodySpec>({ kind: 'none' })],
      [
        1,
        fc
          .constantFrom<unknown>(
            {},
            own([['status', 'approved']]),
            own([['__proto__', own([['isAdmin', true]])]]),
            own([['role', 'staff']]),
          )
          .map((value): BodySpec => ({ kind: 'json', value, contentType: 'application/json' })),
      ],
      [1, weirdBodyArb],
      [1, fc.constantFrom('', ' ').map((text): BodySpec => ({ kind: 'raw', text, contentType: 'application/json' }))],
    );
  }
  const valid = validObject(schema, route.template);
  const mutated = fc
    .tuple(valid, fc.array(mutationArb(schema), { minLength: 1, maxLength: 3 }))
    .map(([body, muts]) => muts.reduce((acc, m) => m(acc), body));
  return weighted<BodySpec>(
    [12, valid.map((value): BodySpec => ({ kind: 'json', value, contentType: 'application/json' }))],
    [14, mutated.map((value): BodySpec => ({ kind: 'json', value, contentType: 'application/json' }))],
    [3, weirdBodyArb],
    [1, fc.constant<BodySpec>({ kind: 'none' })],
    [1, fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([value, contentType]): BodySpec => ({ kind: 'json', value, contentType }))],
    [1, valid.map((value): BodySpec => ({ kind: 'form', value }))],
    [1, mutated.map((value): BodySpec => ({ kind: 'form', value }))],
    [1, valid.map((value): BodySpec => ({ kind: 'multipart', value }))],
    [1, valid.map((value): BodySpec => ({ kind: 'raw', text: JSON.stringify(value), contentType: null }))],
  );
}

// ---------------------------------------------------------------- path, query, headers

function pathSegmentArb(param: ParamSpec, template: string): fc.Arbitrary<Segment> {
  const enc = (a: fc.Arbitrary<Text>) => a.map((value): Segment => ({ value, encode: true }));
  const raw = (a: fc.Arbitrary<string>) => a.map((value): Segment => ({ value, encode: false }));
  const common: [number, fc.Arbitrary<Segment>][] = [
    [
      6,
      enc(
        fc.constantFrom<Text>(
          '0',
          '-1',
          'null',
          'undefined',
          'NaN',
          '1e308',
          "' OR 1=1 --",
          'me',
          'ME',
          '.',
          'true',
          '[object Object]',
          ' ',
        ),
      ),
    ],
    [6, enc(fc.constantFrom<Text>(LONG_300, LONG_5000))],
    // Past Node's 16 KiB request-head limit: one failure mode, kept rare.
    [1, enc(fc.constant<Text>(LONG_20000))],
    [6, enc(weighted<Text>([3, fc.constantFrom(...MIXED_SCRIPTS)], [2, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })]))],
    [
      6,
      raw(
        fc.constantFrom(
          '..%2F',
          '..%2F..%2Fhealth',
          '..%2F..%2F..%2Fdocs-json',
          '%2e%2e%2f',
          '..%252F',
          '%00',
          '%',
          '%E0%A4%A',
          '%C0%AF',
          '..;',
          '%2F',
          'a%2Fb',
          '%20',
          '%uFFFF',
        ),
      ),
    ],
    [3, raw(fc.constantFrom('', '..', '.'))],
  ];
  if (/date/i.test(param.name) || param.schema.format === 'date') {
    return weighted<Segment>([42, enc(dateArb)], ...common);
  }
  const kind = kindFor(param.name, template);
  return weighted<Segment>([60, enc(idArb(kind))], ...common);
}

function queryValueArb(param: ParamSpec, template: string): fc.Arbitrary<QueryPart[]> {
  const one = (value: fc.Arbitrary<unknown>) =>
    value.map((v): QueryPart[] => [{ key: param.name, value: v instanceof Ref ? v : String(v), encode: true }]);
  const valid = validValue(param.name, param.schema, template);
  const hostile = weighted<unknown>(
    [
      4,
      fc.constantFrom<unknown>(
        0,
        -1,
        201,
        '1e308',
        '-1e308',
        'NaN',
        'Infinity',
        '-0',
        '1.5',
        '0x10',
        '1e2',
        ' 5',
        '5 ',
        '',
        ' ',
        'abc',
        'true',
        'null',
        '９',
        '99999999999999999999999999',
        ...BOUNDARY_NUMBERS,
      ),
    ],
    [3, hostileStrings({ allowHuge: false })],
    [2, badDates],
    [1, fc.uuid()],
  );
  return weighted<QueryPart[]>(
    [4, fc.constant([])],
    [6, one(valid)],
    [5, one(hostile)],
    [
      1,
      fc
        .array(weighted<unknown>([1, valid], [1, hostile]), { minLength: 2, maxLength: 3 })
        .map((vs) => vs.map((v): QueryPart => ({ key: param.name, value: v instanceof Ref ? v : String(v), encode: true }))),
    ],
    [1, valid.map((v): QueryPart[] => [{ key: `${param.name}[]`, value: v instanceof Ref ? v : String(v), encode: true }])],
    [
      1,
      fc.constantFrom<QueryPart[]>(
        [{ key: `${param.name}[a]`, value: '1', encode: false }],
        [{ key: param.name, value: '%', encode: false }],
        [{ key: param.name, value: '%E0%A4%A', encode: false }],
        [{ key: param.name, value: '', encode: false }],
        [
          { key: param.name, value: '', encode: false },
          { key: param.name, value: '1', encode: false },
        ],
      ),
    ],
  );
}

const extraQueryArb: fc.Arbitrary<QueryPart[]> = weighted<QueryPart[]>(
  [12, fc.constant([])],
  [
    1,
    fc.constantFrom<QueryPart[]>(
      [{ key: '__proto__[isAdmin]', value: 'true', encode: false }],
      [{ key: 'constructor[prototype][isAdmin]', value: 'true', encode: false }],
      [{ key: '__proto__.isAdmin', value: 'true', encode: false }],
      [{ key: '__proto__', value: 'x', encode: false }],
      [{ key: 'unknown', value: 'x', encode: false }],
      [{ key: 'limit', value: '1e308', encode: false }],
      [{ key: 'q', value: LONG_20000, encode: false }],
      [{ key: '', value: '', encode: false }],
      [{ key: '&&&', value: '', encode: false }],
      [{ key: 'a', value: 'b=c=d', encode: false }],
    ),
  ],
);

function queryArb(route: RouteSpec): fc.Arbitrary<QueryPart[]> {
  const perParam = route.queryParams.map((p) => queryValueArb(p, route.template));
  const names = route.queryParams.map((p) => p.name);
  const hasRange = names.includes('from') && names.includes('to');
  return fc
    .tuple(fc.tuple(...perParam), extraQueryArb, hasRange ? fc.option(dateRangeArb, { nil: undefined, freq: 2 }) : fc.constant(undefined))
    .map(([parts, extra, range]) => {
      let flat = parts.flat();
      if (range) {
        flat = flat.filter((q) => q.key !== 'from' && q.key !== 'to');
        flat.push({ key: 'from', value: range[0], encode: true }, { key: 'to', value: range[1], encode: true });
      }
      return [...flat, ...extra];
    });
}

function headerArb(route: RouteSpec): fc.Arbitrary<Record<string, Text>> {
  const perHeader = route.headerParams.map((p) =>
    fc.option(
      weighted<string>(
        [4, fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/)],
        [2, fc.constantFrom('k1', 'k2', 'same-key')],
        [1, fc.constantFrom('', ' ', 'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(8000), 'a,b', "'; DROP TABLE claims; --")],
        [1, fc.string({ unit: 'grapheme-ascii', maxLength: 50 })],
      ).map((v): [string, Text] => [p.name, v]),
      { nil: undefined, freq: 2 },
    ),
  );
  return fc.tuple(...perHeader).map((entries) => Object.fromEntries(entries.filter((e): e is [string, Text] => e !== undefined)));
}

// ---------------------------------------------------------------- whole requests

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function requestArb(
  routes: RouteSpec[],
  declared: Map<string, Set<string>>,
  auths: { weight: number; arb: fc.Arbitrary<AuthChoice> }[],
): fc.Arbitrary<RequestSpec> {
  const authArb = weighted<AuthChoice>(...auths.map(({ weight, arb }): [number, fc.Arbitrary<AuthChoice>] => [weight, arb]));
  const perRoute = routes.map((route) => {
    const segments = fc
      .tuple(...route.pathParams.map((p) => pathSegmentArb(p, route.template).map((s): [string, Segment] => [p.name, s])))
      .map((e) => Object.fromEntries(e));
    const undeclared = ALL_METHODS.filter((m) => !declared.get(route.template)?.has(m));
    const method = weighted<[string, boolean]>(
      [30, fc.constant<[string, boolean]>([route.method, false])],
      [undeclared.length ? 1 : 0, fc.constantFrom(...undeclared.map((m): [string, boolean] => [m, true]))],
    );
    return fc
      .record({ segments, query: queryArb(route), auth: authArb, headers: headerArb(route), body: bodyArb(route), method })
      .map(({ segments: segs, query, auth, headers, body, method: [m, undeclaredMethod] }): RequestSpec => ({
        route,
        method: m,
        undeclaredMethod,
        segments: segs,
        query,
        auth,
        headers,
        body,
      }));
  });
  return fc.oneof(...perRoute);
}

/** Garbage Authorization header values that need no secret. */
export const randomGarbageTokenArb = fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 60 });

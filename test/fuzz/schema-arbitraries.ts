/**
 * fast-check arbitraries derived from a JSON Schema (the OpenAPI document's
 * request schemas): values that satisfy it, and values that break one of
 * its rules. The keywords the document uses are covered: type, enum,
 * nullable, minLength/maxLength (in code points), pattern, minimum/maximum,
 * integer, format (date, date-time, uuid), minItems/maxItems/uniqueItems,
 * items, properties/required and additionalProperties: false.
 *
 * Every generator proposes candidates and the SchemaOracle (ajv) keeps the
 * ones that satisfy (or break) the schema, so the document stays the judge:
 * a deriver mistake shows up as a too-low acceptance rate when the
 * arbitrary is built, never as a wrong expectation.
 *
 * Strings of the form `^[class]{m,n}$` / `^[class]*$` (every free-text field)
 * are built code point by code point from the class, with lengths at and
 * around the bounds and characters from many scripts, astral planes,
 * combining marks, variation selectors, noncharacters and, where the class
 * allows them, tab/LF/CR. Other patterns go through fc.stringMatching.
 *
 * Valid strings are always well-formed Unicode: a lone surrogate is not a
 * character (RFC 8259 §8.2, I-JSON), and the service refuses it under its
 * text rules even where a pattern, read code point by code point, would let
 * it through. Those cases are generated as invalid values with `textRule`.
 */
import fc from 'fast-check';
import type { Text } from './arbitraries.js';
import type { Schema } from './openapi-routes.js';
import { SchemaOracle } from './schema-oracle.js';

export interface DeriveHints {
  /** A real id (resolved when the request is sent) for a uuid-format property of this name, or undefined. */
  id?(name: string): fc.Arbitrary<Text> | undefined;
  /** Dates worth hitting often (near the test clock); used only where the schema accepts them. */
  dates?: readonly string[];
  /** Pairs of date properties the document says in words go in order (`to` … "at most 366 days after from"). */
  ranges?: readonly [string, string][];
}

/** An invalid value for one property and the rule it breaks. */
export interface InvalidCase {
  /** `maxLength`, `pattern`, `type`, `null`, `format`, `lone surrogate`… */
  rule: string;
  arb: fc.Arbitrary<unknown>;
  /**
   * Breaks the service's text rules (well-formed Unicode) rather than a
   * keyword of the schema: the oracle may call the value valid.
   */
  textRule?: boolean;
}

// ---------------------------------------------------------------- helpers

function weighted<T>(...parts: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  const live = parts.filter(([w]) => w > 0);
  if (live.length === 1) return live[0][1];
  return fc.oneof(...live.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

function codePoints(text: string): string[] {
  return [...text];
}

/** The JSON type the schema asks for. */
export function typeOf(schema: Schema): string {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (schema.enum?.length) return typeof schema.enum[0] === 'number' ? 'number' : 'string';
  return 'string';
}

/** An object with own properties set by defineProperty (so `__proto__` is a plain key). */
export function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return target;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

// ---------------------------------------------------------------- characters

/** Characters worth trying in text: scripts, astral planes, marks, invisible and special code points, controls. */
const CHARACTER_POOL = [
  ...'aZ09 -_.~!"\'\\/%<>&{}',
  ...'中文潮汐摊区南川',
  ...'عربي',
  ...'עב',
  'é',
  'ß',
  'Ω',
  'ж',
  'ह',
  'ि',
  '한',
  'ㄱ',
  '\u0301',
  '\u0300',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\u00a0',
  '\u00ad',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufe0f',
  '\ufe0e',
  '\ue000',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '🧺',
  '😀',
  '👩',
  '🏳',
  '𝕏',
  '𠀀',
  '\u{1f1e8}',
  '\u{e0067}',
  '\u{10ffff}',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u009f',
];
/** Characters outside most classes, used to break a pattern (C0 controls first: the text rules). */
const BREAKERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001f',
  '\u007f',
  '\t',
  '\n',
  '\r',
  ' ',
  '/',
  '.',
  '٣',
  '１',
  'é',
  '🧺',
];
/** Characters a header value can carry (Node refuses the rest), for breaking a header's pattern. */
const HEADER_BREAKERS = [' ', '\t', 'é', '\u00ff', '\u0080'];

interface CharClass {
  /** `[…]` contents of the pattern. */
  source: string;
  test(ch: string): boolean;
  /** Allowed characters of the pool, BMP code points, astral code points. */
  pool: string[];
  bmp: number[];
  astral: number[];
}

const classCache = new Map<string, CharClass>();

function charClass(source: string): CharClass {
  const cached = classCache.get(source);
  if (cached) return cached;
  const regex = new RegExp(`^[${source}]$`, 'u');
  const test = (ch: string) => regex.test(ch);
  const bmp: number[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) if ((cp < 0xd800 || cp > 0xdfff) && test(String.fromCodePoint(cp))) bmp.push(cp);
  const astral: number[] = [];
  for (let cp = 0x10000; cp <= 0x10ffff; cp += 0x101) if (test(String.fromCodePoint(cp))) astral.push(cp);
  for (const ch of CHARACTER_POOL) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0xffff && test(ch) && !astral.includes(cp)) astral.push(cp);
  }
  const result: CharClass = { source, test, pool: CHARACTER_POOL.filter(test), bmp, astral };
  classCache.set(source, result);
  return result;
}

/** `^[class]{m,n}$`, `^[class]*$`, `^[class]+$` → the class and the pattern's own length bounds. */
function classPattern(pattern: string | undefined): { cls: CharClass; min: number; max: number } | undefined {
  if (!pattern) return undefined;
  const m = /^\^\[((?:\\.|[^\]\\])+)\](\*|\+|\{(\d+)(?:,(\d*))?\})\$$/.exec(pattern);
  if (!m) return undefined;
  const [, source, quantifier, lo, hi] = m;
  if (quantifier === '*') return { cls: charClass(source), min: 0, max: Infinity };
  if (quantifier === '+') return { cls: charClass(source), min: 1, max: Infinity };
  return { cls: charClass(source), min: Number(lo), max: hi === undefined ? Number(lo) : hi === '' ? Infinity : Number(hi) };
}

function charArb(cls: CharClass): fc.Arbitrary<string> {
  return weighted<string>(
    [cls.pool.length ? 5 : 0, fc.constantFrom(...(cls.pool.length ? cls.pool : ['x']))],
    [cls.bmp.length ? 3 : 0, fc.integer({ min: 0, max: Math.max(0, cls.bmp.length - 1) }).map((i) => String.fromCodePoint(cls.bmp[i]))],
    [
      cls.astral.length ? 1 : 0,
      fc.integer({ min: 0, max: Math.max(0, cls.astral.length - 1) }).map((i) => String.fromCodePoint(cls.astral[i])),
    ],
  );
}

/** Lengths at and around the bounds, short ones, and any. */
function lengthArb(lo: number, hi: number): fc.Arbitrary<number> {
  if (hi < lo) return fc.constant(lo);
  const inside = (n: number) => n >= lo && n <= hi;
  const edges = [...new Set([lo, hi, lo + 1, hi - 1])].filter(inside);
  return weighted<number>(
    [4, fc.constantFrom(...edges)],
    [4, fc.integer({ min: lo, max: Math.min(hi, lo + 12) })],
    [2, fc.integer({ min: lo, max: hi })],
  );
}

function classString(cls: CharClass, lo: number, hi: number): fc.Arbitrary<string> {
  const chars = charArb(cls);
  const plain = lengthArb(lo, hi).chain((n) => fc.array(chars, { minLength: n, maxLength: n }).map((a) => a.join('')));
  // Exactly hi code points ending in an astral character or a variation selector: hi UTF-16 units would be more.
  const endings = ['🧺', '𝕏', '\ufe0f', '\u{10ffff}'].filter(cls.test);
  const tail =
    hi >= 1 && hi < Infinity && endings.length
      ? fc.tuple(fc.array(chars, { minLength: hi - 1, maxLength: hi - 1 }), fc.constantFrom(...endings)).map(([a, end]) => a.join('') + end)
      : undefined;
  const astral = cls.astral.length && hi < Infinity && hi >= Math.max(lo, 1) ? fc.constantFrom(...cls.astral.slice(0, 8)) : undefined;
  return weighted<string>(
    [8, plain],
    [tail ? 2 : 0, tail ?? fc.constant('')],
    [
      astral ? 1 : 0,
      astral ? fc.tuple(astral, lengthArb(Math.max(lo, 1), hi)).map(([cp, n]) => String.fromCodePoint(cp).repeat(n)) : fc.constant(''),
    ],
  );
}

// ---------------------------------------------------------------- formats

const uuidArb: fc.Arbitrary<string> = weighted<string>(
  [6, fc.uuid()],
  [2, fc.uuid().map((u) => u.toUpperCase())],
  [1, fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff')],
);

const anyDayArb = fc
  .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map(isoDay);

const two = (n: number) => String(n).padStart(2, '0');

/** RFC 3339 date-times: any day, with or without a fraction, `Z` or an offset; now and then a leap second. */
const dateTimeArb: fc.Arbitrary<string> = weighted<string>(
  [
    12,
    fc
      .tuple(
        weighted<string>(
          [3, anyDayArb],
          [3, fc.date({ min: new Date('2026-11-01'), max: new Date('2028-12-31'), noInvalidDate: true }).map(isoDay)],
        ),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('', '.5', '.12', '.123'),
        weighted<string>(
          [2, fc.constant('Z')],
          [
            3,
            fc
              .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30, 45, 59))
              .map(([s, h, m]) => `${s}${two(h)}:${two(m)}`),
          ],
        ),
      )
      .map(([day, h, m, s, frac, zone]) => `${day}T${two(h)}:${two(m)}:${two(s)}${frac}${zone}`),
  ],
  // A leap second: 23:59:60 in UTC.
  [1, fc.constantFrom('2026-12-31T23:59:60Z', '2027-01-01T07:59:60+08:00', '2027-06-30T23:59:60Z')],
);

// ---------------------------------------------------------------- the deriver

export class SchemaArbitraries {
  constructor(
    private readonly oracle: SchemaOracle,
    private readonly hints: DeriveHints = {},
  ) {}

  /**
   * The candidates that satisfy `accept`, from the sources that produce such
   * values often enough (measured on a fixed sample); an error when none does.
   */
  private accepted<T>(what: string, sources: [number, fc.Arbitrary<T>][], accept: (v: T) => boolean): fc.Arbitrary<T> {
    const usable: [number, fc.Arbitrary<T>][] = [];
    for (const [weight, arb] of sources) {
      if (weight <= 0) continue;
      const sample = fc.sample(arb, { numRuns: 200, seed: 7 });
      const rate = sample.filter(accept).length / sample.length;
      if (rate >= 0.02) usable.push([weight, arb.filter(accept)]);
    }
    if (usable.length === 0) throw new Error(`schema deriver: no generator produces ${what}`);
    return weighted(...usable);
  }

  // ------------------------------------------------------------ valid values

  /** Values that satisfy `schema` (`name` is the property's, for hints). */
  valid(schema: Schema, name = ''): fc.Arbitrary<unknown> {
    const base = this.validNonNull(schema, name);
    return schema.nullable ? weighted<unknown>([5, base], [1, fc.constant(null)]) : base;
  }

  private validNonNull(schema: Schema, name: string): fc.Arbitrary<unknown> {
    const s: Schema = { ...schema, nullable: false };
    if (schema.enum?.length) {
      return this.accepted(`an enum value of ${name}`, [[1, fc.constantFrom(...schema.enum.filter((v) => v !== null))]], (v) =>
        this.oracle.valid(s, v),
      );
    }
    switch (typeOf(schema)) {
      case 'object':
        return this.validObject(schema);
      case 'array':
        return this.validArray(schema, name);
      case 'integer':
      case 'number':
        return this.validNumber(s, name);
      case 'boolean':
        return fc.boolean();
      default:
        return this.validString(s, name);
    }
  }

  private examples(schema: Schema): unknown[] {
    return [schema.example, schema.default].filter((v) => v !== undefined);
  }

  private validNumber(schema: Schema, name: string): fc.Arbitrary<unknown> {
    const integer = typeOf(schema) === 'integer';
    const min = schema.minimum ?? (integer ? -(2 ** 31) : -1e9);
    const max = schema.maximum ?? (integer ? 2 ** 31 : 1e9);
    const edges = [min, max, integer ? min + 1 : min / 2 + max / 2, integer ? max - 1 : max - 1e-9, 0].filter((n) => n >= min && n <= max);
    const examples = this.examples(schema).filter((v): v is number => typeof v === 'number');
    const intMin = Math.ceil(min);
    const intMax = Math.floor(max);
    return this.accepted(
      `a number for ${name}`,
      [
        [2, fc.constantFrom(...edges)],
        [intMin <= intMax ? 6 : 0, fc.integer({ min: intMin, max: Math.max(intMin, Math.min(intMax, intMin + 10)) })],
        [intMin <= intMax ? 1 : 0, fc.integer({ min: intMin, max: Math.max(intMin, intMax) })],
        [integer ? 0 : 3, fc.double({ min, max, noNaN: true, noDefaultInfinity: true })],
        [examples.length ? 1 : 0, fc.constantFrom(...(examples.length ? examples : [0]))],
      ],
      (v) => this.oracle.valid(schema, v),
    );
  }

  private validArray(schema: Schema, name: string): fc.Arbitrary<unknown> {
    const items = schema.items ?? {};
    const item = this.valid(items, name);
    const minLength = schema.minItems ?? 0;
    let maxLength = schema.maxItems ?? minLength + 4;
    if (schema.uniqueItems && items.enum) maxLength = Math.min(maxLength, items.enum.length);
    const arr = schema.uniqueItems
      ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength, maxLength });
    return this.accepted(`an array for ${name}`, [[1, arr]], (v) => this.oracle.valid(schema, v));
  }

  private validString(schema: Schema, name: string): fc.Arbitrary<unknown> {
    const accept = (v: string) => this.oracle.valid(schema, v);
    const lo = schema.minLength ?? 0;
    const hi = schema.maxLength ?? Infinity;
    const shaped = classPattern(schema.pattern);
    const sources: [number, fc.Arbitrary<string>][] = [];
    if (shaped) {
      const min = Math.max(lo, shaped.min);
      const max = Math.min(hi, shaped.max, Math.max(min, lo) + 200);
      sources.push([10, classString(shaped.cls, min, max)]);
    } else if (schema.pattern) {
      sources.push([10, fc.stringMatching(new RegExp(schema.pattern, 'u'))]);
    } else {
      sources.push([10, classString(charClass('^\\u0000-\\u001f\\u007f'), lo, Math.min(hi, lo + 200))]);
    }
    const examples = this.examples(schema).filter((v): v is string => typeof v === 'string');
    if (examples.length) sources.push([3, fc.constantFrom(...examples)]);
    switch (schema.format) {
      case 'date': {
        const near = (this.hints.dates ?? []).filter(accept);
        sources.push([4, anyDayArb]);
        if (near.length) sources.push([12, fc.constantFrom(...near)]);
        break;
      }
      case 'date-time':
        sources.push([10, dateTimeArb]);
        break;
      case 'uuid':
        sources.push([10, uuidArb]);
        break;
    }
    const plain = this.accepted(`a string for ${name} (${JSON.stringify(schema)})`, sources, accept);
    const id = schema.format === 'uuid' ? this.hints.id?.(name) : undefined;
    return id ? weighted<unknown>([8, id], [1, plain]) : plain;
  }

  /** All required properties, about half of the optional ones; ordered ranges half the time. */
  validObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const names = Object.keys(props);
    if (names.length === 0) return fc.constant(ownObject([]));
    const fields = names.map((name) =>
      fc.tuple(fc.constant(name), required.has(name) ? fc.constant(true) : fc.boolean(), this.valid(props[name], name)),
    );
    const ranges = (this.hints.ranges ?? []).filter(([a, b]) => a in props && b in props);
    return fc
      .tuple(
        fc.tuple(...fields),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { minLength: ranges.length, maxLength: ranges.length }),
      )
      .map(([chosen, orderings]) => {
        const entries: [string, unknown][] = chosen.filter(([, include]) => include).map(([name, , value]) => [name, value]);
        const out = ownObject(entries);
        ranges.forEach(([first, second], i) => {
          const [ordered, days] = orderings[i];
          const start = out[first];
          if (!ordered || typeof start !== 'string' || typeof out[second] !== 'string') return;
          const end = addDays(start, days);
          if (this.oracle.valid(props[second], end)) out[second] = end;
        });
        return out;
      });
  }

  // ------------------------------------------------------------ invalid values

  /**
   * Values that break `schema` (a property's), one rule at a time. `where`
   * says how the value travels: in a JSON body any JSON value can be sent;
   * in a query string or a header only text (the oracle then reads the text
   * as the parameter's type would be deserialized).
   */
  invalid(schema: Schema, name: string, where: 'body' | 'query' | 'header'): InvalidCase[] {
    const cases: InvalidCase[] = [];
    const reject = (v: unknown) => !this.oracle.valid(schema, where === 'body' ? v : deserialize(schema, v as string));
    const add = (rule: string, sources: [number, fc.Arbitrary<unknown>][]) => {
      try {
        cases.push({ rule, arb: this.accepted(`a value breaking ${rule} of ${name}`, sources, reject) });
      } catch {
        // No generator breaks this rule for this schema (e.g. maxLength of a pattern that already bounds the length).
      }
    };
    const type = typeOf(schema);
    const valid = this.valid({ ...schema, nullable: false }, '') as fc.Arbitrary<unknown>;
    const validText = valid.filter((v): v is string => typeof v === 'string');

    if (where === 'body') {
      const wrongTypes: Record<string, unknown[]> = {
        string: [0, 1, -1.5, 20261201, true, false, [], {}, ['x'], ownObject([['a', 'b']])],
        integer: ['1', '0', 'abc', true, false, [], {}, [1]],
        number: ['1', '1.5', 'NaN', true, [], {}, [0]],
        boolean: ['true', 'false', 1, 0, [], {}],
        array: ['vegetables', 'a,b', 1, true, {}, ownObject([['0', 'vegetables']])],
        object: ['x', 1, true, []],
      };
      add('type', [[1, fc.constantFrom(...(wrongTypes[type] ?? wrongTypes.string))]]);
      if (!schema.nullable) add('null', [[1, fc.constant(null)]]);
    }

    if (schema.enum?.length) {
      const values = schema.enum.filter((v): v is string => typeof v === 'string');
      add('enum', [
        [3, fc.constantFrom(...values).map((v) => v.toUpperCase())],
        [3, fc.constantFrom(...values).map((v) => `${v} `)],
        [2, fc.constantFrom(...values).map((v) => v.slice(0, -1))],
        [2, fc.constantFrom('', 'unknown', 'null', '0', 'admin')],
      ]);
    }

    if (type === 'integer' || type === 'number') {
      const min = schema.minimum;
      const max = schema.maximum;
      const asText = (n: number): unknown => (where === 'body' ? n : String(n));
      if (min !== undefined) {
        add('minimum', [
          [3, fc.constantFrom(min - 1, min - 1000).map(asText)],
          [type === 'number' && where === 'body' ? 2 : 0, fc.constantFrom(min - 1e-7, -1e308)],
        ]);
      }
      if (max !== undefined) {
        add('maximum', [
          [3, fc.constantFrom(max + 1, max + 1000, 2 ** 31, 2 ** 53).map(asText)],
          [type === 'number' && where === 'body' ? 2 : 0, fc.constantFrom(max + 1e-7, 1e308)],
          [where === 'body' ? 0 : 1, fc.constant('99999999999')],
        ]);
      }
      if (type === 'integer') {
        const inside = (min ?? 0) + 0.5;
        add('integer', [[1, fc.constantFrom(inside, (max ?? 10) - 0.25).map(asText)]]);
      }
      if (where !== 'body') {
        // 1e2 is a number as JSON writes numbers, not an integer as it writes integers.
        const exponent = type === 'integer' ? ['1e2'] : [];
        add('type', [[1, fc.constantFrom('abc', ...exponent, ' 5', '5 ', '0x10', '', 'true', '٣', '１', '+1', '1,5')]]);
      }
    }

    if (type === 'array') {
      const items = schema.items ?? {};
      const item = this.valid(items, name);
      const minItems = schema.minItems ?? 0;
      const maxItems = schema.maxItems;
      if (minItems > 0) add('minItems', [[1, fc.array(item, { minLength: minItems - 1, maxLength: minItems - 1 })]]);
      if (maxItems !== undefined) {
        add('maxItems', [
          [1, fc.array(item, { minLength: maxItems + 1, maxLength: maxItems + 3 })],
          // Built only for enum items: fast-check refuses a subarray longer than its source when it is made, weight 0 or not.
          ...(items.enum && 2 * items.enum.length >= maxItems + 1
            ? [[2, fc.shuffledSubarray([...items.enum, ...items.enum], { minLength: maxItems + 1 })] as [number, fc.Arbitrary<unknown>]]
            : []),
        ]);
      }
      if (schema.uniqueItems) {
        add('uniqueItems', [
          [
            1,
            fc.tuple(item, fc.array(item, { maxLength: Math.max(0, (maxItems ?? minItems + 2) - 2) })).map(([x, rest]) => [x, ...rest, x]),
          ],
        ]);
      }
      for (const inner of this.invalid(items, name, 'body')) {
        add(`items: ${inner.rule}`, [
          [1, fc.tuple(inner.arb, fc.array(item, { maxLength: Math.max(0, (maxItems ?? 2) - 1) })).map(([bad, rest]) => [...rest, bad])],
        ]);
      }
    }

    if (type === 'string') this.invalidStrings(schema, name, where, validText, add, cases);
    return cases;
  }

  private invalidStrings(
    schema: Schema,
    name: string,
    where: 'body' | 'query' | 'header',
    validText: fc.Arbitrary<string>,
    add: (rule: string, sources: [number, fc.Arbitrary<unknown>][]) => void,
    cases: InvalidCase[],
  ): void {
    const lo = schema.minLength ?? 0;
    const hi = schema.maxLength;
    const shaped = classPattern(schema.pattern);
    const cls = shaped?.cls ?? (schema.pattern ? undefined : charClass('\\s\\S'));
    const chars = cls ? charArb(cls) : fc.constantFrom(...'abc123');
    const exactly = (n: number) => fc.array(chars, { minLength: n, maxLength: n }).map((a) => a.join(''));

    if (hi !== undefined) {
      const sources: [number, fc.Arbitrary<unknown>][] = [
        [3, fc.integer({ min: hi + 1, max: hi + 3 }).chain(exactly)],
        [1, validText.map((v) => v + 'x'.repeat(Math.max(1, hi + 1 - codePoints(v).length)))],
      ];
      if (cls?.test('\ufe0f')) {
        // hi characters and a variation selector: hi + 1 code points (the classic "emoji at the end of a full name").
        sources.push([3, exactly(hi).map((s) => s + '\ufe0f')]);
      }
      if (cls?.test('🧺')) sources.push([2, fc.constantFrom('🧺', '𝕏').map((c) => c.repeat(hi + 1))]);
      add('maxLength', sources);
    }
    if (lo > 0) add('minLength', [[1, exactly(lo - 1)]]);

    if (schema.pattern) {
      const breakers = where === 'header' ? HEADER_BREAKERS : BREAKERS;
      const outside = shaped ? breakers.filter((c) => !shaped.cls.test(c)) : breakers;
      if (outside.length) {
        add('pattern', [
          [
            4,
            fc.tuple(validText, fc.constantFrom(...outside), fc.nat()).map(([v, bad, at]) => {
              const cps = codePoints(v);
              if (where === 'header') {
                // Inside the value, never at its edges: HTTP trims those.
                if (cps.length < 3) return `a${bad}a`;
                cps.splice(1 + (at % (cps.length - 2)), 1, bad);
                return cps.join('');
              }
              if (cps.length === 0) return bad;
              cps.splice(at % cps.length, 1, bad);
              return cps.join('');
            }),
          ],
          [where === 'header' ? 0 : 1, validText.map((v) => ` ${v}`)],
          [where === 'header' ? 0 : 1, validText.map((v) => v.toLowerCase())],
        ]);
      }
    }

    if (schema.format === 'date') {
      const pattern = schema.pattern ? fc.stringMatching(new RegExp(schema.pattern, 'u')) : fc.constant('2026-02-30');
      add('format', [
        [3, pattern],
        [1, fc.constantFrom('2026-02-29', '2026-02-30', '2100-02-29', '2027-04-31', '2026-06-31', '2026-00-10', '2026-13-01')],
      ]);
    }
    if (schema.format === 'date-time') {
      add('format', [
        [
          3,
          fc.constantFrom(
            '2026-02-31T00:00:00+08:00',
            '2027-04-31T12:00:00Z',
            '2026-12-31T24:00:00Z',
            '2026-12-31T00:00Z',
            '2026-12-31T08:30+08:00',
            '2026-13-01T00:00:00Z',
            '2026-12-31T12:60:00Z',
            '2026-12-31T00:00:00+24:00',
            '2026-12-31T23:59:60+08:00',
          ),
        ],
      ]);
    }
    if (schema.format === 'uuid') {
      add('format', [
        [
          1,
          fc.constantFrom(
            '0f8fad5b-d9cb-469f-a165-70867728950',
            '0f8fad5bd9cb469fa16570867728950e',
            '{0f8fad5b-d9cb-469f-a165-70867728950e}',
            'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e',
            '0f8fad5b-d9cb-469f-a165-70867728950g',
            ' 0f8fad5b-d9cb-469f-a165-70867728950e',
            '',
          ),
        ],
        [1, fc.uuid().map((u) => u.slice(0, -1))],
      ]);
    }

    // Lone surrogates (as the JSON escapes \ud800…): not text at all; only a JSON body can carry them.
    if (where === 'body') {
      const lone = fc.tuple(validText, fc.constantFrom('\ud800', '\udfff', '\udbff', '\udc00\ud800'), fc.nat()).map(([v, bad, at]) => {
        const cps = codePoints(v);
        if (cps.length === 0) return bad;
        cps.splice(at % cps.length, 1, bad);
        return cps.join('');
      });
      cases.push({ rule: 'lone surrogate', arb: lone, textRule: true });
    }
    void name;
  }
}

/** A query or header value as the parameter's schema would read it: numbers for numeric types when the text is one. */
export function deserialize(schema: Schema, text: string | string[] | undefined): unknown {
  if (Array.isArray(text)) return text.map((t) => deserialize(schema, t));
  if (text === undefined) return undefined;
  const type = typeOf(schema);
  const json = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text);
  // A number is any JSON number text (2.9e1, 1.50), as the service reads it; an integer as it writes one.
  if ((type === 'number' && json) || (type === 'integer' && json && String(Number(text)) === text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

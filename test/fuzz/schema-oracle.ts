/**
 * The JSON Schema judge of the fuzz (ajv): whether a request the fuzz sends
 * satisfies the schemas the OpenAPI document gives for it, and whether an
 * answer's body satisfies the documented response schema.
 *
 * The document is OpenAPI 3.0, so its schemas are JSON Schema draft-04/07
 * with `nullable` (ajv knows it) and `example` (ignored). Patterns are read
 * as ECMAScript regular expressions with the `u` flag, so `\p{L}` works and
 * lengths count code points, as JSON Schema says. The three formats the
 * document uses are checked here by their RFCs, not by ajv-formats' looser
 * readings (which take `urn:uuid:` prefixes and a space for the `T`):
 *
 *  - `date`: RFC 3339 full-date, a real calendar day;
 *  - `date-time`: RFC 3339 date-time: seconds required, a fraction of any
 *    length, `Z` or `±hh:mm` (hh ≤ 23, mm ≤ 59), second 60 only as a leap
 *    second (23:59:60 in UTC);
 *  - `uuid`: RFC 4122's text form, 8-4-4-4-12 hex digits in either case.
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Schema } from './openapi-routes.js';

const Ajv = AjvModule.default;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRfc3339Date(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

export function isRfc3339DateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m || !isRfc3339Date(m[1])) return false;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (hour > 23 || minute > 59 || second > 60) return false;
  let offsetMinutes = 0;
  if (m[7]) {
    const [oh, om] = [Number(m[8]), Number(m[9])];
    if (oh > 23 || om > 59) return false;
    offsetMinutes = (m[7] === '+' ? 1 : -1) * (oh * 60 + om);
  }
  if (second === 60) {
    // A leap second is 23:59:60 in UTC.
    const utcMinutes = (((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440;
    return utcMinutes === 23 * 60 + 59;
  }
  return true;
}

export function isRfc4122Uuid(text: string): boolean {
  return UUID.test(text);
}

export class SchemaOracle {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true, validateFormats: true });
  private readonly compiled = new WeakMap<Schema, ValidateFunction>();

  constructor() {
    this.ajv.addFormat('date', { type: 'string', validate: isRfc3339Date });
    this.ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
    this.ajv.addFormat('uuid', { type: 'string', validate: isRfc4122Uuid });
  }

  private validator(schema: Schema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** The errors of `value` against `schema`; empty when it is valid. */
  errors(schema: Schema, value: unknown): ErrorObject[] {
    const validate = this.validator(schema);
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  valid(schema: Schema, value: unknown): boolean {
    return this.validator(schema)(value) === true;
  }
}

/** JSON pointer segment → property name. */
function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The top-level property each error is about (`name`, `categories`…), so
 * that "invalid in exactly one property" can be checked; `''` for an error
 * about the whole value.
 */
export function errorProperties(errors: ErrorObject[]): Set<string> {
  const out = new Set<string>();
  for (const error of errors) {
    if (error.instancePath === '' && error.keyword === 'required') out.add(String(error.params.missingProperty));
    else if (error.instancePath === '' && error.keyword === 'additionalProperties') out.add(String(error.params.additionalProperty));
    else out.add(unescapePointer(error.instancePath.split('/')[1] ?? ''));
  }
  return out;
}

export function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`).join('; ');
}

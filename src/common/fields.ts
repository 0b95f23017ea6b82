import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidationArguments } from 'class-validator';
import { registerCheck, registerSkip, registerTransform } from './compiled-fields.js';
import type { ErrorCode } from './errors/error-code.js';
import { registerRefusalCode } from './errors/refusal-codes.js';
import { isLocalDate, isUuid, MAX_DATE, MIN_DATE, TIME_OF_DAY_PATTERN } from './validation.js';

/**
 * One declaration per request field: its OpenAPI schema and its validation
 * come from the same options, so the document says exactly what the server
 * enforces (a client generated from it cannot build a request refused for a
 * schema reason), and every refusal names the field once.
 *
 * - `optional`: the field may be left out. `null` is still refused (it means
 *   nothing for such a field) unless the field is also `nullable`.
 * - `nullable`: `null` is a value ("clear it"), documented as such.
 */
export interface FieldOptions {
  description?: string;
  /** The refusal code when this field alone is wrong (default VALIDATION_FAILED). */
  code?: ErrorCode;
  example?: unknown;
  optional?: boolean;
  nullable?: boolean;
  default?: unknown;
}

/** A check: undefined when the value passes, else the reason (after "<field> must …" or on its own). */
export type Check = (value: unknown) => string | undefined;

export function CustomField(name: string, check: Check, schema: ApiPropertyOptions, options: FieldOptions): PropertyDecorator {
  if (options.code !== undefined) registerRefusalCode(name, options.code);
  const decorators: PropertyDecorator[] = [
    ApiProperty({
      ...schema,
      required: !options.optional,
      ...(options.nullable ? { nullable: true } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.example !== undefined ? { example: options.example } : {}),
      ...(options.default !== undefined ? { default: options.default } : {}),
    } as ApiPropertyOptions),
  ];
  if (options.optional || options.nullable) {
    const skip = (value: unknown) => value === undefined || (options.nullable === true && value === null);
    decorators.push(
      ValidateIf((_object, value) => !skip(value)),
      (target: object, key: string | symbol) => registerSkip(target, key, skip),
    );
  }
  decorators.push(FieldCheck(name, check));
  return applyDecorators(...decorators);
}

/** class-transformer's Transform of a field's raw value, known to the fast path too (compiled-fields.ts). */
function FieldTransform(transform: (value: unknown) => unknown): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => transform(value)),
    (target: object, key: string | symbol) => registerTransform(target, key, transform),
  );
}

/** One more check on a field already declared (its schema unchanged), e.g. what an rrule's text says. */
export function FieldCheck(name: string, check: Check, code?: ErrorCode): PropertyDecorator {
  if (code !== undefined) registerRefusalCode(name, code);
  const passes = (value: unknown) => check(value) === undefined;
  return applyDecorators(
    ValidateBy({
      name,
      validator: {
        validate: passes,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${check(args?.value) ?? 'is invalid'}`,
      },
    }),
    (target: object, key: string | symbol) => registerCheck(target, key, passes),
  );
}

/** C0 controls (NUL included) and DEL; a multi-line text keeps tab, line feed and carriage return. */
/* eslint-disable no-control-regex -- matching control characters is the point */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */
const CONTROL_PATTERN = '^[^\\u0000-\\u001f\\u007f]*$';
const CONTROL_EXCEPT_LINES_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$';

/** Length as the database counts it (PostgreSQL varchar counts characters, i.e. code points), and as JSON Schema does. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function textProblem(value: unknown, min: number, max: number, multiline = false): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  if ((multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(value)) {
    return multiline ? 'must not contain control characters other than tab and line breaks' : 'must not contain control characters';
  }
  const length = codePoints(value);
  if (length < min || length > max) return min === max ? `must be ${min} characters long` : `must be ${min}–${max} characters long`;
  return undefined;
}

/** Free text: a string of min–max characters (code points), without control characters (line breaks allowed when multiline). */
export function TextField(options: FieldOptions & { min?: number; max: number; multiline?: boolean }): PropertyDecorator {
  const min = options.min ?? 1;
  return CustomField(
    'isText',
    (value) => textProblem(value, min, options.max, options.multiline),
    {
      type: String,
      minLength: min,
      maxLength: options.max,
      pattern: options.multiline ? CONTROL_EXCEPT_LINES_PATTERN : CONTROL_PATTERN,
    },
    options,
  );
}

/** A string matching a pattern, said in words in `rule` ("must be …"). */
export function PatternField(
  pattern: RegExp,
  rule: string,
  options: FieldOptions & { minLength?: number; maxLength?: number },
): PropertyDecorator {
  return CustomField(
    'matchesPattern',
    (value) => (typeof value !== 'string' ? 'must be a string' : pattern.test(value) ? undefined : `must be ${rule}`),
    {
      type: String,
      pattern: pattern.source,
      ...(options.minLength !== undefined ? { minLength: options.minLength } : {}),
      ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}),
    },
    options,
  );
}

/** The JSON Schema pattern of a date between 2000-01-01 and 2199-12-31 (format `date` rules out 30 February and the like). */
export const LOCAL_DATE_SCHEMA_PATTERN = '^(20|21)\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

/** A local date `YYYY-MM-DD` between 2000-01-01 and 2199-12-31. */
export function DateField(options: FieldOptions = {}): PropertyDecorator {
  return CustomField(
    'isLocalDate',
    (value) => (isLocalDate(value) ? undefined : `must be a date YYYY-MM-DD between ${MIN_DATE} and ${MAX_DATE}`),
    { type: String, format: 'date', pattern: LOCAL_DATE_SCHEMA_PATTERN },
    options,
  );
}

/** A wall-clock time `HH:mm`, 00:00–23:59. */
export function TimeField(options: FieldOptions = {}): PropertyDecorator {
  return CustomField(
    'isTimeOfDay',
    (value) => (typeof value === 'string' && TIME_OF_DAY_PATTERN.test(value) ? undefined : 'must be a time of day HH:mm (00:00–23:59)'),
    { type: String, pattern: TIME_OF_DAY_PATTERN.source },
    options,
  );
}

/** A whole number between min and max (a JSON number; 1.5 and "1" are refused). */
export function IntField(options: FieldOptions & { min: number; max: number }): PropertyDecorator {
  return CustomField(
    'isIntInRange',
    (value) =>
      typeof value !== 'number' || !Number.isInteger(value)
        ? 'must be an integer'
        : value < options.min || value > options.max
          ? `must be an integer from ${options.min} to ${options.max}`
          : undefined,
    { type: 'integer', minimum: options.min, maximum: options.max },
    options,
  );
}

/** A finite number between min and max. */
export function NumberField(options: FieldOptions & { min: number; max: number }): PropertyDecorator {
  return CustomField(
    'isNumberInRange',
    (value) =>
      typeof value !== 'number' || !Number.isFinite(value)
        ? 'must be a number'
        : value < options.min || value > options.max
          ? `must be a number from ${options.min} to ${options.max}`
          : undefined,
    { type: 'number', minimum: options.min, maximum: options.max },
    options,
  );
}

/** One of a fixed list of strings. */
export function EnumField(values: readonly string[], options: FieldOptions = {}): PropertyDecorator {
  return CustomField(
    'isOneOf',
    (value) => (typeof value === 'string' && values.includes(value) ? undefined : `must be one of: ${values.join(', ')}`),
    { enum: [...values], type: String },
    options,
  );
}

/** A list of distinct values from a fixed list, between min and max long. */
export function EnumListField(values: readonly string[], options: FieldOptions & { min: number; max: number }): PropertyDecorator {
  return CustomField(
    'isListOf',
    (value) => {
      if (!Array.isArray(value)) return 'must be a list';
      if (value.length < options.min || value.length > options.max) return `must list ${options.min} to ${options.max} values`;
      if (!value.every((item) => typeof item === 'string' && values.includes(item))) return `must list only: ${values.join(', ')}`;
      return new Set(value).size === value.length ? undefined : 'must not list a value twice';
    },
    { type: String, enum: [...values], isArray: true, minItems: options.min, maxItems: options.max, uniqueItems: true },
    options,
  );
}

/** A UUID (any version, either case; stored and compared in lower case). */
export function UuidField(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    FieldTransform((value) => (typeof value === 'string' ? value.toLowerCase() : value)),
    CustomField('isUuid', (value) => (isUuid(value) ? undefined : 'must be a UUID'), { type: String, format: 'uuid' }, options),
  );
}

/** An instant in ISO 8601 with its offset: 2026-12-31T00:00:00+08:00 or …Z. */
export const INSTANT_PATTERN = /^((20|21)\d{2})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time (seconds required, a leap second allowed) with its
 * offset, between 2000 and 2199, as epoch ms; null when it is not one
 * (2027-04-31, 24:00 and the like are refused, not rolled over).
 */
export function parseInstant(text: unknown): number | null {
  const m = typeof text === 'string' ? INSTANT_PATTERN.exec(text) : null;
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6], m[7]].map(Number);
  if (!isLocalDate(`${m[1]}-${m[3]}-${m[4]}`) || hour > 23 || minute > 59 || second > 60) return null;
  const offset = m[9] === 'Z' ? 0 : (m[10] === '-' ? -1 : 1) * (Number(m[11]) * 60 + Number(m[12]));
  if (m[9] !== 'Z' && (Number(m[11]) > 23 || Number(m[12]) > 59)) return null;
  // A leap second exists only as 23:59:60 UTC.
  if (second === 60 && (((hour * 60 + minute - offset) % 1440) + 1440) % 1440 !== 23 * 60 + 59) return null;
  const fraction = m[8] ? Math.floor(Number(`0${m[8]}`) * 1000) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second) + fraction - offset * 60_000;
}

export function InstantField(options: FieldOptions = {}): PropertyDecorator {
  return CustomField(
    'isInstant',
    (value) =>
      parseInstant(value) !== null ? undefined : 'must be an instant with seconds and its offset, e.g. 2026-12-31T00:00:00+08:00',
    { type: String, format: 'date-time', pattern: INSTANT_PATTERN.source },
    options,
  );
}

/** A boolean, true or false (not "true", not 1). */
export function BooleanField(options: FieldOptions = {}): PropertyDecorator {
  return CustomField(
    'isBoolean',
    (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
    { type: Boolean },
    options,
  );
}

/**
 * A whole number in a query string: plain decimal digits only (`1e2`, `0x10`,
 * ` 5` and `1.5` are refused, not read as numbers), between min and max.
 */
export function QueryIntField(options: FieldOptions & { min: number; max: number }): PropertyDecorator {
  return applyDecorators(
    FieldTransform((value) => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value)),
    IntField({ ...options, optional: true }),
  );
}

/**
 * A number in a query string, written as JSON writes numbers (`29.157`,
 * `-0.5`, `2.9e1`; no spaces, no `0x`, no leading `+`), between min and max.
 */
export function QueryNumberField(options: FieldOptions & { min: number; max: number }): PropertyDecorator {
  return applyDecorators(
    FieldTransform((value) =>
      typeof value === 'string' && value.length <= 40 && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? Number(value) : value,
    ),
    NumberField(options),
  );
}

/** A list of 1–max UUIDs (either case; duplicates count once), each stored and compared in lower case. */
export function UuidListField(options: FieldOptions & { max: number }): PropertyDecorator {
  return applyDecorators(
    FieldTransform((value) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.toLowerCase() : item)) : value)),
    CustomField(
      'isUuidList',
      (value) => {
        if (!Array.isArray(value)) return 'must be a list';
        if (value.length < 1 || value.length > options.max) return `must list 1 to ${options.max} ids`;
        return value.every((item) => isUuid(item)) ? undefined : 'must list only UUIDs';
      },
      { type: String, format: 'uuid', isArray: true, minItems: 1, maxItems: options.max },
      options,
    ),
  );
}

/** A list of 1–max single-line texts of 1–maxLength characters each (duplicates count once). */
export function TextListField(options: FieldOptions & { max: number; maxLength: number }): PropertyDecorator {
  return CustomField(
    'isTextList',
    (value) => {
      if (!Array.isArray(value)) return 'must be a list';
      if (value.length < 1 || value.length > options.max) return `must list 1 to ${options.max} values`;
      for (const item of value) {
        const problem = textProblem(item, 1, options.maxLength);
        if (problem) return `items ${problem}`;
      }
      return undefined;
    },
    {
      type: String,
      isArray: true,
      minItems: 1,
      maxItems: options.max,
      items: { type: 'string', minLength: 1, maxLength: options.maxLength, pattern: CONTROL_PATTERN },
    } as ApiPropertyOptions,
    options,
  );
}

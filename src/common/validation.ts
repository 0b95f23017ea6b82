import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { readFast } from './compiled-fields.js';
import { DomainError, notFound, validationFailed } from './errors/domain-error.js';
import { ErrorCode } from './errors/error-code.js';
import { refusalCodeOf } from './errors/refusal-codes.js';

export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dates outside this span are refused: no market runs in year 0001 or 9999. */
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2199-12-31';

export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !LOCAL_DATE_PATTERN.test(value)) return false;
  if (value < MIN_DATE || value > MAX_DATE) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => {
      const message = text.replace(/^property \S+ /, '');
      return message.startsWith(error.property) ? `${prefix ? `${prefix}.` : ''}${message}` : `${path} ${message}`;
    });
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The paths of the bad fields, as the API spells them (`items.0.name`), each once. */
function badFields(errors: ValidationError[], prefix = ''): string[] {
  const paths = errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    return [...(Object.keys(error.constraints ?? {}).length > 0 ? [path] : []), ...badFields(error.children ?? [], path)];
  });
  return [...new Set(paths)];
}

function constraintNames(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [...Object.keys(error.constraints ?? {}), ...constraintNames(error.children ?? [])]);
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Array, Object]);
/**
 * Keys the whitelist never sees: class-transformer drops `constructor` and
 * `__proto__`, and class-validator takes any name an object inherits
 * (`toString`, `valueOf`, `hasOwnProperty`…) for a declared property.
 */
const HOSTILE_KEYS = new Set(['prototype', '__proto__', ...Object.getOwnPropertyNames(Object.prototype)]);

function hostileKey(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = hostileKey(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (HOSTILE_KEYS.has(key)) return path ? `${path}.${key}` : key;
      const found = hostileKey((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * ValidationPipe, with the fast path of compiled-fields.ts for what it would accept as it is, plus
 * two refusals it lets through: a body that is not a
 * JSON object (null, an array, a string), and keys such as `constructor`
 * that class-transformer drops before the whitelist can see them.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && !PRIMITIVES.has(metadata.metatype);
    if (isDto && metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw validationFailed('the request body must be a JSON object');
    }
    if (isDto && (metadata.type === 'body' || metadata.type === 'query')) {
      const read = readFast(metadata.metatype!, value);
      if (read !== undefined) return read;
      const key = hostileKey(value);
      if (key) throw validationFailed(`${key} should not exist`, key);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: whitelist, refuse unknown fields, transform, and one message listing every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // One message per bad field: "name must be a string", not also its length limits.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const messages = flatten(errors);
      if (messages.length === 0) return new DomainError(ErrorCode.VALIDATION_FAILED, 'request body must be a JSON object');
      return new DomainError(refusalCodeOf(constraintNames(errors)), messages.join('; '), {}, { fields: badFields(errors).join(', ') });
    },
  });
}

/** Path ids: anything that is not a UUID cannot name a resource, so it is a 404, not a 400. */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw notFound('resource', String(value).slice(0, 64));
    return value.toLowerCase();
  }
}

/** Path dates (e.g. a cancellation's date): malformed means no such resource. */
@Injectable()
export class ParseLocalDatePipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isLocalDate(value)) throw notFound('date', String(value).slice(0, 32));
    return value;
  }
}

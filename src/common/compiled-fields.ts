import { getMetadataStorage } from 'class-validator';

/**
 * The fast path of request validation: the field decorators of fields.ts register here what they
 * also hand class-transformer and class-validator (each field's transform, checks, and when it is
 * skipped), so a DTO declared only with them can be read without class-transformer's
 * reflection-driven copy and class-validator's metadata walk — about a tenth of a short request's
 * server time.
 *
 * The fast path only ever *accepts*: a request whose every key is a declared field holding a
 * string, number, boolean or null that passes every check becomes the DTO instance the slow path
 * would build; anything else (an unknown or hostile key, an object or array value, a missing
 * required field, a failed check) answers `undefined`, and the slow path runs and words the
 * refusal. So refusals keep their exact shape, and `compiled-fields.spec.ts` checks that for
 * random requests the two paths never disagree.
 */

type Transform = (value: unknown) => unknown;
type Check = (value: unknown) => boolean;

interface FieldPlan {
  transform?: Transform;
  /** When validation skips the value (ValidateIf's opposite): left out, or null where null is allowed. */
  skip?: (value: unknown) => boolean;
  checks: Check[];
}

/** What the decorators registered, per class (the prototype chain is merged when a class is compiled). */
const declared = new Map<Function, Map<string, FieldPlan>>();

function planOf(target: object, key: string | symbol): FieldPlan {
  const owner = target.constructor;
  let fields = declared.get(owner);
  if (!fields) declared.set(owner, (fields = new Map()));
  let plan = fields.get(String(key));
  if (!plan) fields.set(String(key), (plan = { checks: [] }));
  return plan;
}

export function registerTransform(target: object, key: string | symbol, transform: Transform): void {
  planOf(target, key).transform = transform;
}

export function registerSkip(target: object, key: string | symbol, skip: (value: unknown) => boolean): void {
  planOf(target, key).skip = skip;
}

export function registerCheck(target: object, key: string | symbol, check: Check): void {
  planOf(target, key).checks.push(check);
}

/** A DTO class's reader: the instance, or undefined to leave the request to the slow path. */
type Reader = (value: Record<string, unknown>) => object | undefined;

const readers = new Map<Function, Reader | null>();

/** The DTO the slow path would build from `value`, when the fast path can tell; else undefined. */
export function readFast(metatype: Function, value: unknown): object | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const reader = readerOf(metatype);
  return reader ? reader(value as Record<string, unknown>) : undefined;
}

function readerOf(metatype: Function): Reader | null {
  let reader = readers.get(metatype);
  if (reader === undefined) readers.set(metatype, (reader = compile(metatype)));
  return reader;
}

/**
 * The reader of a class, or null when class-validator knows of a rule the decorators here did not
 * register (a nested DTO, a class-validator decorator used directly): such a class always takes
 * the slow path.
 */
function compile(metatype: Function): Reader | null {
  const fields = new Map<string, FieldPlan>();
  for (let owner = metatype; owner && owner !== Function.prototype; owner = Object.getPrototypeOf(owner) as Function) {
    for (const [key, plan] of declared.get(owner) ?? []) if (!fields.has(key)) fields.set(key, plan);
  }
  const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  if (rules.length === 0) return null;
  const counted = new Map<string, number>();
  for (const rule of rules) counted.set(rule.propertyName, (counted.get(rule.propertyName) ?? 0) + 1);
  for (const [key, count] of counted) {
    const plan = fields.get(key);
    if (!plan || count !== plan.checks.length + (plan.skip ? 1 : 0)) return null;
  }
  if ([...fields.keys()].some((key) => !counted.has(key))) return null;
  const required = [...fields].filter(([, plan]) => !plan.skip).map(([key]) => key);
  const Dto = metatype as new () => Record<string, unknown>;
  return (value) => {
    const dto = new Dto();
    for (const key in value) {
      if (!Object.hasOwn(value, key)) return undefined;
      const plan = fields.get(key);
      if (!plan) return undefined;
      const raw = value[key];
      if (raw !== null && typeof raw === 'object') return undefined;
      const read = plan.transform ? plan.transform(raw) : raw;
      if (!plan.skip?.(read)) {
        for (const check of plan.checks) if (!check(read)) return undefined;
      }
      dto[key] = read;
    }
    for (const key of required) if (!Object.hasOwn(value, key)) return undefined;
    return dto;
  };
}

/** Every class a field decorator was applied to, and whether the fast path reads it (for the equivalence test). */
export function declaredClasses(): { metatype: Function; compiled: boolean }[] {
  return [...declared.keys()].map((metatype) => ({ metatype, compiled: readerOf(metatype) !== null }));
}

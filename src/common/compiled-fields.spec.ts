import { ValidationPipe } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { NearbyZonesQuery } from '../public/dto/public.dto.js';
import { CreateClaimDto } from '../claims/dto/claim.dto.js';
import { declaredClasses, readFast } from './compiled-fields.js';
import { createValidationPipe } from './validation.js';

// Loads every module, so every DTO's decorators have run.
void AppModule;

/** Values a request may carry, good and bad for every kind of field the app declares. */
const STRINGS = [
  '',
  ' ',
  'a',
  '张三',
  'x'.repeat(41),
  'x'.repeat(201),
  'a\u0000b',
  'line\nbreak',
  '\ud800',
  '0',
  '1',
  '-1',
  '1.5',
  '-0.5',
  '1e3',
  '2.9e1',
  ' 5',
  '0x10',
  '+5',
  '50',
  '200',
  '201',
  '1000',
  '20000',
  '20001',
  '1000000',
  '1000001',
  '29.563',
  '106.551',
  '-90',
  '90.0001',
  '180',
  '-180.5',
  '00',
  '007',
  '1'.repeat(40),
  '2026-12-01',
  '2026-02-30',
  '1999-12-31',
  '2200-01-01',
  '2026-12-01T06:00:00+08:00',
  '2026-12-01T24:00:00Z',
  '2026-12-01T06:00:00',
  '06:00',
  '24:00',
  '7:00',
  '0a6c1a2e-8b1f-4c51-9e3a-6a2f1c9d7b10',
  '0A6C1A2E-8B1F-4C51-9E3A-6A2F1C9D7B10',
  '0a6c1a2e8b1f4c519e3a6a2f1c9d7b10',
  'vegetables',
  'fruit',
  'food',
  'general',
  'wish',
  'problem',
  'praise',
  'open',
  'closed',
  'active',
  'suspended',
  'pending',
  'approved',
  'rejected',
  'confirmed',
  'cancelled',
  'checked_in',
  'no_show',
  'farmer',
  'vendor',
  'morning',
  'FREQ=DAILY',
  'FREQ=WEEKLY;BYDAY=SA',
  'true',
  'false',
  'null',
  'zh-CN',
  'en',
  'Asia/Shanghai',
  'Mars/Olympus',
];
const OTHERS = [0, 1, -1, 1.5, 29.5, 106.5, 50, 200, 1_000_000, 1e21, true, false, null, [], ['vegetables'], {}, { a: 1 }];
const POOL: unknown[] = [...STRINGS, ...OTHERS];
const STRANGE_KEYS = ['extra', 'constructor', 'toString', '__proto__'];

function random<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)];
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function generator(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fieldsOf(metatype: Function): string[] {
  const keys = new Set<string>();
  for (let owner = metatype; owner && owner !== Function.prototype; owner = Object.getPrototypeOf(owner) as Function) {
    for (const key of Object.keys(new (owner as new () => object)())) keys.add(key);
  }
  return [...keys];
}

/** The slow path alone: the global pipe's checks without the fast path in front. */
async function slowly(pipe: ValidationPipe, metatype: Function, value: unknown): Promise<{ ok: true; dto: unknown } | { ok: false }> {
  try {
    return { ok: true, dto: await ValidationPipe.prototype.transform.call(pipe, value, { type: 'body', metatype: metatype as never }) };
  } catch {
    return { ok: false };
  }
}

describe('the fast path of validation (compiled-fields.ts)', () => {
  const pipe = createValidationPipe();

  it('reads the hot routes’ DTOs', () => {
    const compiled = new Set(
      declaredClasses()
        .filter((c) => c.compiled)
        .map((c) => c.metatype),
    );
    expect(compiled.has(NearbyZonesQuery)).toBe(true);
    expect(compiled.has(CreateClaimDto)).toBe(true);
    expect(compiled.size).toBeGreaterThan(20);
  });

  it('builds exactly what the slow path builds, and accepts every plain request the slow path accepts, for every DTO', async () => {
    const rand = generator(20261202);
    let acceptedByBoth = 0;
    for (const { metatype, compiled } of declaredClasses()) {
      if (!compiled) continue;
      const fields = fieldsOf(metatype);
      for (let n = 0; n < 300; n++) {
        const value: Record<string, unknown> = JSON.parse('{}');
        const plain = rand() < 0.85;
        for (const key of fields) if (rand() < 0.7) value[key] = random(plain ? STRINGS : POOL, rand);
        if (!plain && rand() < 0.5) Object.defineProperty(value, random(STRANGE_KEYS, rand), { value: 'x', enumerable: true });
        const fast = readFast(metatype, value);
        const slow = await slowly(pipe, metatype, value);
        const onlyPrimitives = Object.values(value).every((v) => v === null || typeof v !== 'object');
        const onlyFields = Object.keys(value).every((key) => fields.includes(key));
        const label = `${metatype.name} ${JSON.stringify(value)}`;
        if (fast !== undefined) {
          expect({ label, ok: slow.ok }).toEqual({ label, ok: true });
          expect(fast).toStrictEqual((slow as { dto: unknown }).dto);
          acceptedByBoth++;
        } else if (slow.ok && onlyPrimitives && onlyFields) {
          throw new Error(`the fast path refused what the slow path accepts: ${label}`);
        }
      }
    }
    expect(acceptedByBoth).toBeGreaterThan(500);
  });

  it('reads a residents’ search and a claim as the slow path does', async () => {
    const query = { lat: '29.563', lng: '106.551', radius: '800' };
    expect(readFast(NearbyZonesQuery, query)).toStrictEqual(((await slowly(pipe, NearbyZonesQuery, query)) as { dto: unknown }).dto);
    expect(readFast(NearbyZonesQuery, query)).toMatchObject({ lat: 29.563, lng: 106.551, radius: 800, limit: 50, offset: 0 });
    const body = { stallId: '0A6C1A2E-8B1F-4C51-9E3A-6A2F1C9D7B10', sessionId: '0a6c1a2e-8b1f-4c51-9e3a-6a2f1c9d7b11', date: '2026-12-05' };
    expect(readFast(CreateClaimDto, body)).toStrictEqual(
      Object.assign(new CreateClaimDto(), body, { stallId: body.stallId.toLowerCase() }),
    );
    expect(readFast(CreateClaimDto, { ...body, date: '2026-02-30' })).toBeUndefined();
    expect(readFast(CreateClaimDto, { stallId: body.stallId, date: body.date })).toBeUndefined();
  });
});

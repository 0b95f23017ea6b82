import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/password.js';
import { bearer, TestApp } from '../support/create-app.js';

let phoneSeq = 0;
/** A distinct valid mainland mobile number per call. */
export function nextPhone(): string {
  phoneSeq += 1;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
}

export function vendorInput(overrides: Record<string, unknown> = {}) {
  return { name: '张桂兰', phone: nextPhone(), password: 'secret-123', kind: 'vegetable_farmer', categories: ['vegetables'], ...overrides };
}

export interface TestVendor {
  id: string;
  phone: string;
  token: string;
}

/** Registers through the API (pending). */
export async function registerVendor(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TestVendor> {
  const input = vendorInput(overrides);
  const res = await t.http.post('/api/vendors/register').send(input).expect(201);
  return { id: res.body.id, phone: input.phone as string, token: t.tokenFor(res.body.id, 'vendor') };
}

/** Registers and approves through the API. */
export async function approvedVendor(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TestVendor> {
  const vendor = await registerVendor(t, overrides);
  await t.http.post(`/api/vendors/${vendor.id}/approve`).set(bearer(t.staffToken)).expect(200);
  return vendor;
}

let seedHash: Promise<string> | undefined;

/** Many approved vendors straight into the database (one password hash shared), for load and race tests. */
export async function seedApprovedVendors(
  t: TestApp,
  count: number,
  categories: string[] = ['vegetables', 'fruit', 'food'],
): Promise<TestVendor[]> {
  seedHash ??= hashPassword('secret-123');
  const passwordHash = await seedHash;
  const now = t.clock.now();
  const vendors = Array.from({ length: count }, () => ({ id: randomUUID(), phone: nextPhone() }));
  await t.db.write(async (tx) => {
    for (const v of vendors) {
      await tx.run('INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)', [
        v.id,
        v.phone,
        passwordHash,
        'vendor',
        now,
      ]);
      await tx.run(
        `INSERT INTO vendors (id, name, phone, kind, categories, priority_groups, status, status_reason, suspended_until, created_at, updated_at)
         VALUES (?, ?, ?, 'vendor', ?, '[]', 'approved', NULL, NULL, ?, ?)`,
        [v.id, `摊主${v.phone.slice(-4)}`, v.phone, JSON.stringify(categories), now, now],
      );
    }
  });
  return vendors.map((v) => ({ ...v, token: t.tokenFor(v.id, 'vendor') }));
}

import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/password.js';
import { User } from '../../src/auth/user.entity.js';
import { Vendor } from '../../src/vendors/vendor.entity.js';
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
export async function seedApprovedVendors(t: TestApp, count: number, categories: string[] = ['vegetables', 'fruit', 'food']): Promise<TestVendor[]> {
  seedHash ??= hashPassword('secret-123');
  const passwordHash = await seedHash;
  const now = t.clock.now();
  const vendors = Array.from({ length: count }, () => ({ id: randomUUID(), phone: nextPhone() }));
  await t.db.write(async (em) => {
    for (const v of vendors) {
      await em.insert(User, { id: v.id, username: v.phone, passwordHash, role: 'vendor', createdAt: now });
      await em.insert(Vendor, {
        id: v.id,
        name: `摊主${v.phone.slice(-4)}`,
        phone: v.phone,
        kind: 'vendor',
        categories: categories as Vendor['categories'],
        priorityGroups: [],
        status: 'approved',
        statusReason: null,
        suspendedUntil: null,
        createdAt: now,
        updatedAt: now,
      });
    }
  });
  return vendors.map((v) => ({ ...v, token: t.tokenFor(v.id, 'vendor') }));
}

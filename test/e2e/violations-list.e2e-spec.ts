import { bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { createZone } from '../factories/zone.factory.js';
import { approvedVendor, TestVendor } from '../factories/vendor.factory.js';

// The console's queue of appeals: every vendor's violations, by status, paged as every list is.

describe('GET /api/violations: violations across vendors, by status', () => {
  const t = useTestApp();
  let zoneId: string;
  let first: TestVendor;
  let second: TestVendor;
  const ids: Record<string, string> = {};

  /** Recorded a minute apart, so "newest recorded first" has one answer. */
  const record = async (vendor: TestVendor, occurredAt: string) => {
    t.clock.advance(60_000);
    return (
      await t.http
        .post(`/api/vendors/${vendor.id}/violations`)
        .set(bearer(t.staffToken))
        .send({ type: 'litter', occurredAt, zoneId, note: '收摊后未清理' })
        .expect(201)
    ).body as { id: string };
  };
  const list = (query: string, token = t.staffToken) => t.http.get(`/api/violations${query}`).set(bearer(token));

  beforeAll(async () => {
    zoneId = (await createZone(t)).id;
    first = await approvedVendor(t);
    second = await approvedVendor(t);
    ids.a = (await record(first, '2026-11-29T09:00:00+08:00')).id;
    ids.b = (await record(second, '2026-11-29T10:00:00+08:00')).id;
    ids.c = (await record(second, '2026-11-29T11:00:00+08:00')).id;
    // Two appeals; one of them decided (overturned).
    for (const [vendor, id] of [
      [first, ids.a],
      [second, ids.c],
    ] as const) {
      await t.http.post(`/api/violations/${id}/appeal`).set(bearer(vendor.token)).send({ text: '当天下雨提前收摊' }).expect(200);
    }
    await t.http.post(`/api/violations/${ids.c}/resolve`).set(bearer(t.staffToken)).send({ upheld: false, note: '核实撤销' }).expect(200);
  });

  it('lists the appeals waiting for a decision, from every vendor', async () => {
    const res = await list('?status=appealed');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [expect.objectContaining({ id: ids.a, vendorId: first.id, status: 'appealed' })], total: 1 });
    expect(res.body.items[0]).toMatchObject({ appealText: '当天下雨提前收摊', type: 'litter', zoneId });
  });

  it('filters by the other statuses, and without a status lists all, newest recorded first', async () => {
    expect((await list('?status=overturned')).body).toMatchObject({ items: [{ id: ids.c, status: 'overturned' }], total: 1 });
    expect((await list('?status=upheld')).body).toMatchObject({ items: [{ id: ids.b, vendorId: second.id }], total: 1 });
    const all = await list('');
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((v: { id: string }) => v.id)).toEqual([ids.c, ids.b, ids.a]);
  });

  it('pages with limit and offset, total counting every match', async () => {
    const page = await list('?limit=1&offset=1');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ items: [expect.objectContaining({ id: ids.b })], total: 3 });
    expect((await list('?limit=2&offset=5')).body).toEqual({ items: [], total: 3 });
  });

  it('refuses a status, limit or offset outside its range, and an unknown query field', async () => {
    expectError(await list('?status=pending'), 400, 'VALIDATION_FAILED', 'status');
    expectError(await list('?limit=0'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await list('?limit=201'), 400, 'VALIDATION_FAILED', 'limit');
    expectError(await list('?offset=-1'), 400, 'VALIDATION_FAILED', 'offset');
    expectError(await list('?vendorId=x'), 400, 'VALIDATION_FAILED');
  });

  it('is for staff only', async () => {
    expectError(await t.http.get('/api/violations'), 401, 'UNAUTHORIZED');
    expectError(await list('?status=appealed', first.token), 403, 'FORBIDDEN');
  });
});

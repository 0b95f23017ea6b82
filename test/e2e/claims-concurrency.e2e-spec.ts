import { rowsOf } from '../support/rows.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';
import { seedApprovedVendors, TestVendor } from '../factories/vendor.factory.js';

/** Real sockets: every request is in flight at once against the listening server. */
async function fireAll(base: string, requests: { token: string; body: object }[]) {
  return Promise.all(
    requests.map(async ({ token, body }) => {
      const res = await fetch(`${base}/api/claims`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { id: string; code?: string } };
    }),
  );
}

const ROUNDS = 10;

describe('claims under concurrency', () => {
  const t = useTestApp();
  let base: string;
  let vendors: TestVendor[];

  beforeAll(async () => {
    base = await t.listen();
    vendors = await seedApprovedVendors(t, 100);
  });

  it(`gives one slot to exactly one of 100 simultaneous vendors (${ROUNDS} rounds)`, async () => {
    const zone = await createZone(t);
    const stalls = await createStalls(t, zone.id, ROUNDS, 'general');
    const session = await createSession(t, zone.id);
    for (let round = 0; round < ROUNDS; round++) {
      // A fresh date each round: the previous winner must not meet its own claim (VENDOR_OVERLAP).
      const slot = { stallId: stalls[round].id, sessionId: session.id, date: `2026-12-${String(1 + round).padStart(2, '0')}` };
      const results = await fireAll(
        base,
        vendors.map((v) => ({ token: v.token, body: slot })),
      );
      const created = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status === 409 && r.body.code === 'SLOT_TAKEN');
      expect(created).toHaveLength(1);
      expect(refused).toHaveLength(99);
      const rows = await rowsOf(t, 'claims', { stallId: slot.stallId, sessionId: slot.sessionId, date: slot.date });
      expect(rows).toHaveLength(1);
      expect(rows[0].id).toBe(created[0].body.id);
      expect(rows[0].status).toBe('confirmed');
    }
  });

  it(`lets one vendor hold only one of 20 overlapping windows in different zones (${ROUNDS} rounds)`, async () => {
    const targets = [];
    for (let i = 0; i < 20; i++) {
      const zone = await createZone(t, { name: `潮汐摊区 ${i}` });
      const [stall] = await createStalls(t, zone.id, 1, 'general');
      // Windows 06:00–09:00 shifted by i minutes: every pair overlaps.
      const start = `06:${String(i).padStart(2, '0')}`;
      const session = await createSession(t, zone.id, { startTime: start, endTime: '09:00' });
      targets.push({ stallId: stall.id, sessionId: session.id });
    }
    const soloists = await seedApprovedVendors(t, ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const vendor = soloists[round];
      const date = `2026-12-${String(1 + round).padStart(2, '0')}`;
      const results = await fireAll(
        base,
        targets.map((target) => ({ token: vendor.token, body: { ...target, date } })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409 && r.body.code === 'VENDOR_OVERLAP')).toHaveLength(19);
      const rows = await rowsOf(t, 'claims', { vendorId: vendor.id, date });
      expect(rows).toHaveLength(1);
    }
  });

  it('keeps every acknowledged claim: each 201 has its row, and nothing else was written', async () => {
    const zone = await createZone(t, { name: '满载测试' });
    const stalls = await createStalls(t, zone.id, 50, 'general', 'R');
    const session = await createSession(t, zone.id, { startTime: '18:00', endTime: '21:00', validFrom: '2026-12-12' });
    // 100 vendors over 50 stalls: two contenders per slot.
    const requests = vendors.map((v, i) => ({
      token: v.token,
      body: { stallId: stalls[i % 50].id, sessionId: session.id, date: '2026-12-12' },
    }));
    const results = await fireAll(base, requests);
    const ids = results
      .filter((r) => r.status === 201)
      .map((r) => r.body.id as string)
      .sort();
    expect(ids).toHaveLength(50);
    const rows = await rowsOf(t, 'claims', { sessionId: session.id });
    expect(rows.map((r) => r.id).sort()).toEqual(ids);
  });
});

import { createMarket, expectError } from '../factories/claim.factory.js';
import { createDuty, generated, standingPlaces } from '../factories/roster.factory.js';
import { approvedVendor, TestVendor } from '../factories/vendor.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00; the market runs every evening from 2026-12-01.

describe('swapping a duty turn without typing a vendor number', () => {
  const t = useTestApp();
  const get = (path: string, token: string) => t.http.get(path).set(bearer(token));

  /** Three growers on stalls A01–A03 on 12-01's evening run, a fourth with no stall that day; one cleaning turn. */
  async function turnOnTheFirst() {
    const market = await createMarket(t, { stalls: 3, session: { name: 'evening', startTime: '18:00', endTime: '21:00' } });
    const vendors: TestVendor[] = [];
    for (const name of ['张桂兰', '李秀英', '王建国'])
      vendors.push(await approvedVendor(t, { name, categories: ['vegetables', 'fruit', 'food'] }));
    const absent = await approvedVendor(t, { name: '赵大爷' });
    await standingPlaces(t, market, vendors, '2026-12-01', '2026-12-01');
    await createDuty(t, market, { name: '收摊清扫', headcount: 1 });
    const [entry] = await generated(t, market.zone.id, '2026-12-01', '2026-12-01');
    const onTurn = vendors.find((v) => v.id === entry.vendorId)!;
    const code = (v: TestVendor) => market.stalls[vendors.indexOf(v)].code;
    return { market, vendors, absent, entry, onTurn, code };
  }

  it('offers the vendors present on the run, by stall code and masked name, leaving out the caller and the absent', async () => {
    const { vendors, absent, entry, onTurn, code } = await turnOnTheFirst();
    const res = await get(`/api/roster/${entry.id}/swap-candidates`, onTurn.token).expect(200);
    const others = vendors.filter((v) => v !== onTurn);
    expect(res.body.items).toEqual(
      others.map((v) => ({ vendorId: v.id, name: `${['张桂兰', '李秀英', '王建国'][vendors.indexOf(v)][0]}*`, stallCode: code(v) })),
    );
    expect(JSON.stringify(res.body)).not.toContain(absent.id);
    // Only the vendor on the turn may ask.
    expectError(await get(`/api/roster/${entry.id}/swap-candidates`, others[0].token), 403, 'FORBIDDEN');
    expectError(await get(`/api/roster/${entry.id}/swap-candidates`, t.staffToken), 403, 'FORBIDDEN');
    expectError(await get('/api/roster/0190f9a0-0000-7000-8000-000000000000/swap-candidates', onTurn.token), 404, 'NOT_FOUND');
  });

  it('shows the request to both sides with names and stalls, tells the one asked, and clears once accepted', async () => {
    const { entry, onTurn, vendors, code } = await turnOnTheFirst();
    const [asked] = (await get(`/api/roster/${entry.id}/swap-candidates`, onTurn.token).expect(200)).body.items;
    const other = vendors.find((v) => v.id === asked.vendorId)!;
    const swap = await t.http
      .post(`/api/roster/${entry.id}/swap`)
      .set(bearer(onTurn.token))
      .send({ toVendorId: asked.vendorId })
      .expect(201);

    const incoming = (await get('/api/vendors/me/swaps', other.token).expect(200)).body.items;
    expect(incoming).toEqual([
      {
        id: swap.body.id,
        direction: 'incoming',
        entryId: entry.id,
        date: '2026-12-01',
        dutyName: '收摊清扫',
        zoneName: expect.any(String),
        sessionName: 'evening',
        other: { vendorId: onTurn.id, name: expect.stringMatching(/^.\*$/), stallCode: code(onTurn) },
        createdAt: '2026-11-30T10:00:00+08:00',
      },
    ]);
    const outgoing = (await get('/api/vendors/me/swaps', onTurn.token).expect(200)).body.items;
    expect(outgoing).toEqual([expect.objectContaining({ id: swap.body.id, direction: 'outgoing', other: asked })]);

    const notes = (await get('/api/vendors/me/notifications', other.token).expect(200)).body.items;
    const note = notes.find((n: { event: string }) => n.event === 'duty.swap_requested');
    expect(note.text.zh).toContain(`${code(onTurn)}号摊位`);
    expect(note.text.zh).toContain('收摊清扫');

    await t.http.post(`/api/roster/swaps/${swap.body.id}/accept`).set(bearer(other.token)).expect(200);
    expect((await get('/api/vendors/me/swaps', other.token).expect(200)).body.items).toEqual([]);
    expect((await get('/api/vendors/me/swaps', onTurn.token).expect(200)).body.items).toEqual([]);
    // The new holder of the turn is no longer offered; the one who gave it away now is.
    const now = (await get(`/api/roster/${entry.id}/swap-candidates`, other.token).expect(200)).body.items;
    expect(now.map((n: { vendorId: string }) => n.vendorId)).toContain(onTurn.id);
    expect(now.map((n: { vendorId: string }) => n.vendorId)).not.toContain(other.id);
  });

  it('is for vendors: staff get 403 on the list of swaps', async () => {
    expectError(await get('/api/vendors/me/swaps', t.staffToken), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/vendors/me/swaps'), 401, 'UNAUTHORIZED');
  });
});

import { createHash, createHmac } from 'node:crypto';
import { bearer, createTestApp, TestApp, useTestApp } from '../support/create-app.js';
import { MINUTE } from '../support/fake-clock.js';
import { claim, claimRow, countClaims, createMarket, expectError, Market, postClaim, slot, UUID } from '../factories/claim.factory.js';
import { approvedVendor, TestVendor } from '../factories/vendor.factory.js';
import { createStalls } from '../factories/zone.factory.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00; the market runs daily 06:00–09:00 from 2026-12-01.
// Rounds here cover Monday 2026-12-07 to Wednesday 2026-12-09 (three runs, inside any weekly limit).

const ROUND = { from: '2026-12-07', to: '2026-12-09', applyUntil: '2026-12-03T20:00:00+08:00' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface Place {
  position: number;
  ticket: number;
  name: string;
  phone: string;
  priority: boolean;
  category: string;
  result: 'won' | 'waitlisted';
  stallCode?: string;
}

/**
 * The documented shuffle, written again here from the README's words and
 * nothing of the service: groups priority then general, each in ticket
 * order; HMAC-SHA-256(key = seed, text = "tidal-lottery/<group>/<k>")
 * blocks as a stream of big-endian 32-bit integers; Fisher–Yates from the
 * end with rejection of r ≥ 2³² − (2³² mod n).
 */
function recomputeOrder(seed: string, tickets: { ticket: number; priority: boolean }[]): number[] {
  const groupOrder = (group: 'priority' | 'general', items: number[]): number[] => {
    const words: number[] = [];
    let block = 0;
    const next = () => {
      if (words.length === 0) {
        const digest = createHmac('sha256', seed).update(`tidal-lottery/${group}/${block++}`).digest();
        for (let i = 0; i < 32; i += 4) words.push(digest.readUInt32BE(i));
      }
      return words.shift()!;
    };
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const n = i + 1;
      let r = next();
      while (r >= 2 ** 32 - (2 ** 32 % n)) r = next();
      const j = r % n;
      const swap = out[i];
      out[i] = out[j];
      out[j] = swap;
    }
    return out;
  };
  const sorted = [...tickets].sort((a, b) => a.ticket - b.ticket);
  return [
    ...groupOrder(
      'priority',
      sorted.filter((t) => t.priority).map((t) => t.ticket),
    ),
    ...groupOrder(
      'general',
      sorted.filter((t) => !t.priority).map((t) => t.ticket),
    ),
  ];
}

async function createRound(t: TestApp, market: Market, seed: string, overrides: Record<string, unknown> = {}) {
  const res = await t.http
    .post(`/api/zones/${market.zone.id}/rounds`)
    .set(bearer(t.staffToken))
    .send({ sessionId: market.session.id, ...ROUND, seedCommitment: sha256(seed), ...overrides });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body as { id: string; status: string; [key: string]: unknown };
}

const apply = (t: TestApp, roundId: string, vendor: TestVendor, category: string) =>
  t.http.post(`/api/rounds/${roundId}/applications`).set(bearer(vendor.token)).send({ category });
const draw = (t: TestApp, roundId: string, seed: string) =>
  t.http.post(`/api/rounds/${roundId}/draw`).set(bearer(t.staffToken)).send({ seed });
const setPriority = (t: TestApp, vendor: TestVendor, priorityGroups: string[]) =>
  t.http.patch(`/api/vendors/${vendor.id}`).set(bearer(t.staffToken)).send({ priorityGroups }).expect(200);

/**
 * A round on a zone with 2 vegetable stalls and 1 fruit stall: 4 vegetable
 * growers and 2 fruit growers apply, in this order; `priority` lists the
 * applicants (by index) staff put in a priority group.
 */
async function roundWithApplicants(t: TestApp, seed: string, priority: number[] = []) {
  const market = await createMarket(t, { stalls: 2, category: 'vegetables' });
  const fruitStalls = await createStalls(t, market.zone.id, 1, 'fruit', 'F');
  const vendors: TestVendor[] = [];
  for (const [i, category] of ['vegetables', 'vegetables', 'vegetables', 'vegetables', 'fruit', 'fruit'].entries()) {
    vendors.push(await approvedVendor(t, { name: `${'王李赵钱孙周'[i]}大姐`, categories: [category] }));
  }
  for (const i of priority) await setPriority(t, vendors[i], ['elderly']);
  const round = await createRound(t, market, seed);
  for (const [i, vendor] of vendors.entries()) {
    const res = await apply(t, round.id, vendor, i < 4 ? 'vegetables' : 'fruit');
    expect(res.status).toBe(201);
    expect(res.body.ticket).toBe(i + 1);
  }
  return { market, fruitStalls, vendors, round };
}

describe('fair allocation: lottery rounds', () => {
  const t = useTestApp();

  it('runs a whole round: commitment, applications, close, draw, public results, standing claims', async () => {
    const seed = 'tidal-2026-12-东城-9f3a';
    const { market, fruitStalls, vendors, round } = await roundWithApplicants(t, seed);
    expect(round).toMatchObject({ status: 'open', seedCommitment: sha256(seed), seed: null, applyUntil: ROUND.applyUntil });

    expectError(await apply(t, round.id, vendors[0], 'vegetables'), 409, 'ALREADY_APPLIED');
    t.clock.set('2026-12-03T20:00:01+08:00');
    const late = await approvedVendor(t);
    expectError(await apply(t, round.id, late, 'vegetables'), 422, 'ROUND_CLOSED');

    // Results are not public before the draw, and a wrong seed changes nothing.
    expectError(await t.http.get(`/api/public/rounds/${round.id}/results`), 404, 'NOT_FOUND');
    expectError(await draw(t, round.id, 'guessed-seed'), 422, 'SEED_MISMATCH');
    expect(await countClaims(t)).toBe(0);
    expect((await t.http.get(`/api/rounds/${round.id}`).set(bearer(t.staffToken))).body.status).toBe('open');

    const drawn = await draw(t, round.id, seed);
    expect(drawn.status).toBe(200);
    const order: Place[] = drawn.body.order;
    expect(order.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6]);
    const winners = order.filter((p) => p.result === 'won');
    // Two vegetable stalls for four growers, one fruit stall for two.
    expect(winners.filter((p) => p.category === 'vegetables')).toHaveLength(2);
    expect(winners.filter((p) => p.category === 'fruit')).toHaveLength(1);
    expect(new Set(winners.map((p) => p.stallCode)).size).toBe(3);
    // The first of each category in draw order wins.
    for (const category of ['vegetables', 'fruit']) {
      const inLine = order.filter((p) => p.category === category);
      const stalls = category === 'vegetables' ? 2 : 1;
      expect(inLine.map((p) => p.result)).toEqual(inLine.map((_, i) => (i < stalls ? 'won' : 'waitlisted')));
    }
    expect(drawn.body.claimsCreated).toBe(3 * 3);

    // Standing claims: each winner holds its stall on every run of the range, through the claim rules.
    const claims = await t.db.reader.all<{ vendor_id: string; stall_id: string; date: string; source: string; status: string }>(
      'SELECT vendor_id, stall_id, date, source, status FROM claims ORDER BY date',
    );
    expect(claims).toHaveLength(9);
    expect(new Set(claims.map((c) => c.date))).toEqual(new Set(['2026-12-07', '2026-12-08', '2026-12-09']));
    expect(claims.every((c) => c.source === 'lottery' && c.status === 'confirmed')).toBe(true);
    expect(new Set(claims.map((c) => `${c.vendor_id}|${c.stall_id}`)).size).toBe(3);

    expectError(await draw(t, round.id, seed), 409, 'ALREADY_DRAWN');
    expect(await countClaims(t)).toBe(9);

    // The public page, without a token: the seed, masked names and phones, the order as drawn.
    const pub = await t.http.get(`/api/public/rounds/${round.id}/results`).expect(200);
    expect(pub.body).toMatchObject({ roundId: round.id, seed, seedCommitment: sha256(seed) });
    expect(pub.body.order).toEqual(order);
    // Each winner's claims are all on the stall the public result gives that winner (tickets follow `vendors`).
    const codeOf = new Map([...market.stalls, ...fruitStalls].map((s) => [s.id, s.code]));
    const wonCode = new Map(
      (pub.body.order as Place[]).filter((p) => p.result === 'won').map((p) => [vendors[p.ticket - 1].id, p.stallCode]),
    );
    expect(new Set(claims.map((c) => c.vendor_id))).toEqual(new Set(wonCode.keys()));
    for (const c of claims) expect(codeOf.get(c.stall_id)).toBe(wonCode.get(c.vendor_id));
    for (const place of pub.body.order as Place[]) {
      expect(place.name).toMatch(/^[王李赵钱孙周]\*$/);
      expect(place.phone).toMatch(/^139\*\*\*\*\d{4}$/);
    }
    expect(JSON.stringify(pub.body)).not.toMatch(/139\d{8}|大姐/);
    const phones = new Set(vendors.map((v) => `${v.phone.slice(0, 3)}****${v.phone.slice(-4)}`));
    expect(new Set((pub.body.order as Place[]).map((p) => p.phone))).toEqual(phones);
  });

  it('recomputes the draw from the public results page alone', async () => {
    const seed = 'recompute-me-2026';
    const { round } = await roundWithApplicants(t, seed, [4]);
    t.clock.set('2026-12-04T09:00:00+08:00');
    await draw(t, round.id, seed).expect(200);
    const pub = await t.http.get(`/api/public/rounds/${round.id}/results`).expect(200);
    const order: Place[] = pub.body.order;
    expect(sha256(pub.body.seed)).toBe(pub.body.seedCommitment);
    expect(order.map((p) => p.ticket)).toEqual(recomputeOrder(pub.body.seed, order));
    // Sanity of the independent implementation: another seed gives another order.
    expect(recomputeOrder('another seed', order)).not.toEqual(order.map((p) => p.ticket));
  });

  it('gives the same result for the same seed and applications on a second database', async () => {
    const seed = 'same-seed-same-result';
    const outcome = async (app: TestApp) => {
      const { round } = await roundWithApplicants(app, seed, [1]);
      app.clock.set('2026-12-04T09:00:00+08:00');
      const res = await draw(app, round.id, seed).expect(200);
      return (res.body.order as Place[]).map(({ position, ticket, priority, category, result, stallCode }) => ({
        position,
        ticket,
        priority,
        category,
        result,
        stallCode,
      }));
    };
    const first = await outcome(t);
    const other = await createTestApp();
    try {
      expect(await outcome(other)).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it('lets priority applicants win before the others when stalls are short', async () => {
    for (const seed of ['p-1', 'p-2', 'p-3', 'p-4']) {
      // Applicants 2 and 3 (vegetables) are elderly: both vegetable stalls go to them, whatever the seed.
      const { round, vendors } = await roundWithApplicants(t, seed, [2, 3]);
      const res = await draw(t, round.id, seed).expect(200);
      const order: Place[] = res.body.order;
      expect(order.slice(0, 2).every((p) => p.priority)).toBe(true);
      const wonVegetables = order.filter((p) => p.result === 'won' && p.category === 'vegetables').map((p) => p.ticket);
      expect(wonVegetables.sort()).toEqual([3, 4]);
      const rows = await t.db.reader.all<{ vendor_id: string }>(
        'SELECT DISTINCT vendor_id FROM claims WHERE source = ? AND vendor_id IN (?, ?, ?, ?)',
        ['lottery', ...vendors.slice(0, 4).map((v) => v.id)],
      );
      expect(new Set(rows.map((r) => r.vendor_id))).toEqual(new Set([vendors[2].id, vendors[3].id]));
    }
  });

  it('refuses bad rounds and applications with the contract codes', async () => {
    const market = await createMarket(t, { stalls: 1, category: 'vegetables' });
    const post = (body: Record<string, unknown>) =>
      t.http
        .post(`/api/zones/${market.zone.id}/rounds`)
        .set(bearer(t.staffToken))
        .send({ sessionId: market.session.id, ...ROUND, seedCommitment: sha256('x'), ...body });
    expectError(await post({ seedCommitment: 'not-hex' }), 400, 'VALIDATION_FAILED', 'seedCommitment');
    expectError(await post({ to: '2026-12-01' }), 400, 'VALIDATION_FAILED');
    expectError(await post({ applyUntil: '2026-11-29T10:00:00+08:00' }), 400, 'VALIDATION_FAILED', 'applyUntil');
    const vendor = await approvedVendor(t);
    expectError(await t.http.post(`/api/zones/${market.zone.id}/rounds`).set(bearer(vendor.token)).send({}), 403, 'FORBIDDEN');
    const round = await createRound(t, market, 'x');
    expectError(await apply(t, round.id, vendor, 'fruit'), 422, 'CATEGORY_MISMATCH');
    expectError(await t.http.post(`/api/rounds/${round.id}/draw`).set(bearer(vendor.token)).send({ seed: 'x' }), 403, 'FORBIDDEN');
    expect((await t.http.get(`/api/rounds/${round.id}`).set(bearer(t.staffToken))).body.applications).toBe(0);
  });
});

describe('fair allocation: waitlists and offers', () => {
  const t = useTestApp();

  const join = (vendor: TestVendor, market: Market, date: string, category = 'vegetables') =>
    t.http.post('/api/waitlist').set(bearer(vendor.token)).send({ zoneId: market.zone.id, sessionId: market.session.id, date, category });
  const offersOf = async (vendor: TestVendor) =>
    (await t.http.get('/api/vendors/me/offers').set(bearer(vendor.token)).expect(200)).body.items;

  /** The active claims on one slot: never more than one, whatever happened. */
  const activeOnSlot = async (market: Market, date: string) =>
    t.db.reader.all<{ vendor_id: string; source: string }>(
      `SELECT vendor_id, source FROM claims WHERE stall_id = ? AND date = ? AND status IN ('confirmed', 'checked_in')`,
      [market.stalls[0].id, date],
    );

  it('offers a cancelled stall to the first in line, passes it on when the hold expires, and turns an acceptance into a claim', async () => {
    const market = await createMarket(t, { stalls: 1, category: 'vegetables' });
    const holder = await approvedVendor(t);
    const [first, second] = [await approvedVendor(t), await approvedVendor(t)];
    const held = await claim(t, holder.token, slot(market, '2026-12-02'));

    const a = await join(first, market, '2026-12-02');
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ position: 1, status: 'waiting', date: '2026-12-02' });
    expect((await join(second, market, '2026-12-02')).body.position).toBe(2);

    await t.http.post(`/api/claims/${held.id}/cancel`).set(bearer(holder.token)).expect(200);
    const [offer] = await offersOf(first);
    expect(offer).toMatchObject({
      id: expect.stringMatching(UUID),
      stallId: market.stalls[0].id,
      date: '2026-12-02',
      source: 'waitlist',
      status: 'open',
      expiresAt: '2026-11-30T11:00:00+08:00', // the zone's default hold, 60 minutes
    });
    expect(await offersOf(second)).toEqual([]);
    // While it is held, nobody else takes the stall.
    expectError(await postClaim(t, second.token, slot(market, '2026-12-02')), 409, 'SLOT_TAKEN');

    // The hold runs out (no timer here: reading applies the expiry): the next in line gets it.
    t.clock.advance(61 * MINUTE);
    const [passed] = await offersOf(second);
    expect(passed).toMatchObject({ status: 'open', stallId: market.stalls[0].id, expiresAt: '2026-11-30T12:01:00+08:00' });
    expect((await offersOf(first))[0].status).toBe('expired');
    expectError(await t.http.post(`/api/offers/${offer.id}/accept`).set(bearer(first.token)), 409, 'INVALID_STATE_TRANSITION');

    const accepted = await t.http.post(`/api/offers/${passed.id}/accept`).set(bearer(second.token));
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ vendorId: second.id, stallId: market.stalls[0].id, date: '2026-12-02', status: 'confirmed' });
    expect((await claimRow(t, accepted.body.id)).source).toBe('offer');
    expect(await activeOnSlot(market, '2026-12-02')).toEqual([{ vendor_id: second.id, source: 'offer' }]);
    expect((await offersOf(second))[0]).toMatchObject({ status: 'accepted', claimId: accepted.body.id });
    // The invariants of claims hold: accepting twice gives nothing more.
    expectError(await t.http.post(`/api/offers/${passed.id}/accept`).set(bearer(second.token)), 409, 'INVALID_STATE_TRANSITION');
    expect(await activeOnSlot(market, '2026-12-02')).toHaveLength(1);

    // Each step was told to the vendor.
    const events = async (v: TestVendor) =>
      ((await t.http.get('/api/vendors/me/notifications').set(bearer(v.token)).expect(200)).body.items as { event: string }[]).map(
        (n) => n.event,
      );
    expect(await events(first)).toContain('offer.made');
    expect(await events(second)).toContain('offer.made');
  });

  it('refuses a waitlist for a run that is not one, or twice, or for a category the vendor does not sell', async () => {
    const market = await createMarket(t, { stalls: 1, category: 'vegetables' });
    const vendor = await approvedVendor(t);
    expect((await join(vendor, market, '2026-12-03')).status).toBe(201);
    expectError(await join(vendor, market, '2026-12-03'), 409, 'ALREADY_APPLIED');
    expectError(await join(vendor, market, '2026-11-20'), 422, 'NOT_AN_OCCURRENCE'); // before the session's validFrom
    expectError(await join(vendor, market, '2026-12-04', 'fruit'), 422, 'CATEGORY_MISMATCH');
    expectError(await join(vendor, market, '2026-13-01'), 400, 'VALIDATION_FAILED', 'date');
    const mine = await t.http.get('/api/vendors/me/waitlist').set(bearer(vendor.token)).expect(200);
    expect(mine.body.items).toHaveLength(1);
    t.clock.set('2026-12-03T06:30:00+08:00');
    expectError(await join(await approvedVendor(t), market, '2026-12-03'), 422, 'OCCURRENCE_STARTED');
  });

  it("offers a drawn round's waitlist first, in draw order, before the run's own", async () => {
    const seed = 'round-waitlist-first';
    const market = await createMarket(t, { stalls: 1, category: 'vegetables' });
    const applicants = [await approvedVendor(t), await approvedVendor(t), await approvedVendor(t)];
    const walkIn = await approvedVendor(t);
    expect((await join(walkIn, market, '2026-12-08')).status).toBe(201);
    const round = await createRound(t, market, seed);
    for (const vendor of applicants) expect((await apply(t, round.id, vendor, 'vegetables')).status).toBe(201);
    t.clock.set('2026-12-04T09:00:00+08:00');
    const order: Place[] = (await draw(t, round.id, seed).expect(200)).body.order;
    const byTicket = (ticket: number) => applicants[ticket - 1];
    const winner = byTicket(order[0].ticket);
    const nextInDraw = byTicket(order[1].ticket);

    const winnersClaim = await t.db.reader.get<{ id: string }>('SELECT id FROM claims WHERE vendor_id = ? AND date = ?', [
      winner.id,
      '2026-12-08',
    ]);
    await t.http.post(`/api/claims/${winnersClaim!.id}/cancel`).set(bearer(winner.token)).expect(200);
    expect(await offersOf(nextInDraw)).toEqual([expect.objectContaining({ source: 'round', date: '2026-12-08', status: 'open' })]);
    expect(await offersOf(walkIn)).toEqual([]);
  });
});

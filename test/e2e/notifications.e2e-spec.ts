import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDelivery } from '../../src/notifications/webhook-delivery.service.js';
import { claim, createMarket, slot } from '../factories/claim.factory.js';
import { approvedVendor, registerVendor, TestVendor } from '../factories/vendor.factory.js';
import { bearer, createTestApp, stopBackgroundJobs, TestApp, TEST_NOW } from '../support/create-app.js';
import { MINUTE } from '../support/fake-clock.js';

const SECRET = 'webhook-secret-for-tests-0123';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    id: string;
    event: string;
    vendorId: string;
    phone: string | null;
    data: Record<string, unknown>;
    text: { zh: string; en: string };
  };
}

/** A real HTTP receiver that answers 500 to its first `failures` requests, then 204; it keeps every request. */
async function startReceiver(failures: number): Promise<{ url: string; received: Received[]; accepted: Received[]; server: Server }> {
  const received: Received[] = [];
  const accepted: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry = { headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] };
      received.push(entry);
      if (received.length <= failures) {
        res.writeHead(500).end('try later');
      } else {
        accepted.push(entry);
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/tidal`, received, accepted, server };
}

async function pending(t: TestApp): Promise<number> {
  const row = await t.db.reader.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM notifications WHERE state = 'pending'`);
  return Number(row?.n ?? 0);
}

/** The outbox in the order it was written, per vendor. */
async function written(t: TestApp): Promise<Map<string, string[]>> {
  const rows = await t.db.reader.all<{ id: string; vendor_id: string }>('SELECT id, vendor_id FROM notifications ORDER BY created_at, id');
  const byVendor = new Map<string, string[]>();
  for (const row of rows) byVendor.set(row.vendor_id, [...(byVendor.get(row.vendor_id) ?? []), row.id]);
  return byVendor;
}

describe('notifications: the outbox and its webhook', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(2);
    t = await createTestApp({ env: { NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET } });
    stopBackgroundJobs(t);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('delivers every message at least once, in order per vendor, signed, through failures and a restart', async () => {
    // Events for two vendors: approvals, a rejection, claims cancelled by the market (rain), a suspension.
    const market = await createMarket(t, { stalls: 2, category: 'vegetables' });
    const a = await approvedVendor(t, { name: '王秀英' });
    const b = await approvedVendor(t, { name: '李建国' });
    const rejected = await registerVendor(t);
    await t.http.post(`/api/vendors/${rejected.id}/reject`).set(bearer(t.staffToken)).send({ reason: '证件照片不清晰' }).expect(200);
    await claim(t, a.token, slot(market, '2026-12-02', 0));
    await claim(t, b.token, slot(market, '2026-12-02', 1));
    await claim(t, a.token, slot(market, '2026-12-03', 0));
    await t.http
      .post(`/api/sessions/${market.session.id}/cancellations`)
      .set(bearer(t.staffToken))
      .send({ date: '2026-12-02', reason: '暴雨预警' })
      .expect(201);
    await t.http
      .post(`/api/vendors/${a.id}/suspend`)
      .set(bearer(t.staffToken))
      .send({ reason: '多次占道经营', until: '2026-12-10T00:00:00+08:00' })
      .expect(200);

    const outbox = await written(t);
    const events = async (v: TestVendor) =>
      ((await t.http.get('/api/vendors/me/notifications?limit=50').set(bearer(v.token)).expect(200)).body.items as { event: string }[])
        .map((n) => n.event)
        .reverse();
    expect(await events(a)).toEqual([
      'vendor.approved',
      'claim.cancelled_by_market', // the rain on 12-02
      'vendor.suspended',
      'claim.cancelled_by_market', // 12-03, by the suspension
    ]);
    expect(await events(b)).toEqual(['vendor.approved', 'claim.cancelled_by_market']);
    expect(await events(rejected)).toEqual(['vendor.rejected']);
    const total = [...outbox.values()].flat().length;
    expect(total).toBe(7);

    // First pass: the receiver fails the first two requests; nothing is marked delivered for them.
    const delivery = t.app.get(WebhookDelivery);
    await delivery.deliverDue();
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    const failedIds = receiver.received.slice(0, 2).map((r) => r.body.id);
    const rows = await t.db.reader.all<{ id: string; state: string; attempts: number }>(
      `SELECT id, state, attempts FROM notifications WHERE id IN (?, ?)`,
      failedIds,
    );
    expect(rows.map((r) => [r.state, Number(r.attempts)])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);

    // The app stops with messages still pending; a new one on the same database carries on.
    t = await t.restart(Date.parse(TEST_NOW) + MINUTE);
    stopBackgroundJobs(t);
    const again = t.app.get(WebhookDelivery);
    for (let round = 0; round < 20 && (await pending(t)) > 0; round++) {
      await again.deliverDue();
      t.clock.advance(MINUTE); // past any backoff of the first attempts (30 s, then 60 s)
    }
    expect(await pending(t)).toBe(0);

    // Every message arrived; receivers de-duplicate on the id.
    const all = [...outbox.values()].flat();
    expect(new Set(receiver.accepted.map((r) => r.body.id))).toEqual(new Set(all));
    // In order per vendor: the accepted deliveries of a vendor come in the order the outbox wrote them.
    for (const [vendorId, ids] of outbox) {
      const seen = receiver.accepted.filter((r) => r.body.vendorId === vendorId).map((r) => r.body.id);
      expect(seen.filter((id, i) => seen.indexOf(id) === i)).toEqual(ids);
    }
    // Signed: HMAC-SHA-256 of "<timestamp>.<body>" with the shared secret; the id in a header too.
    for (const r of receiver.received) {
      const timestamp = String(r.headers['x-tidal-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${r.raw}`).digest('hex')}`;
      expect(r.headers['x-tidal-signature']).toBe(expected);
      expect(r.headers['x-tidal-message-id']).toBe(r.body.id);
      expect(r.headers['x-tidal-event']).toBe(r.body.event);
    }
    // Ready for an SMS gateway: the phone and the text in both languages.
    const rain = receiver.accepted.find((r) => r.body.vendorId === b.id && r.body.event === 'claim.cancelled_by_market')!;
    expect(rain.body.phone).toBe(b.phone);
    expect(rain.body.data).toMatchObject({
      date: '2026-12-02',
      stallCode: market.stalls[1].code,
      cause: 'occurrence_cancelled',
      reason: '暴雨预警',
    });
    expect(rain.body.text.zh).toContain('暴雨预警');
    expect(rain.body.text.zh).toContain(market.stalls[1].code);
    expect(rain.body.text.en).toContain('2026-12-02');
    const suspended = receiver.accepted.find((r) => r.body.event === 'vendor.suspended')!;
    expect(suspended.body.text.zh).toContain('2026-12-10 00:00');
    expect(receiver.accepted.find((r) => r.body.event === 'vendor.rejected')!.body.text.zh).toContain('证件照片不清晰');

    // The vendor's list shows the delivery.
    const mine = await t.http.get('/api/vendors/me/notifications').set(bearer(b.token)).expect(200);
    expect(mine.body.total).toBe(2);
    for (const item of mine.body.items) expect(item.delivery).toMatchObject({ state: 'delivered', deliveredAt: expect.any(String) });
  });

  it('keeps messages pending, never blocking a request, when the receiver is down, and gives up only after many attempts', async () => {
    receiver.server.closeAllConnections();
    const down = await startReceiver(Number.MAX_SAFE_INTEGER);
    const app = await createTestApp({ env: { NOTIFY_WEBHOOK_URL: down.url, NOTIFY_WEBHOOK_SECRET: SECRET } });
    try {
      stopBackgroundJobs(app);
      const vendor = await registerVendor(app);
      await app.http.post(`/api/vendors/${vendor.id}/approve`).set(bearer(app.staffToken)).expect(200);
      const delivery = app.app.get(WebhookDelivery);
      const attemptsMade = async () =>
        Number(
          (await app.db.reader.get<{ attempts: unknown }>('SELECT attempts FROM notifications WHERE vendor_id = ?', [vendor.id]))!.attempts,
        );
      // The approval answered without waiting for the webhook: nothing was sent during the request.
      expect(await attemptsMade()).toBe(0);
      expect(down.received).toHaveLength(0);
      await delivery.deliverDue();
      expect(await attemptsMade()).toBe(1);
      // Not retried before its backoff has passed.
      await delivery.deliverDue();
      expect(await attemptsMade()).toBe(1);
      for (let i = 0; i < 30; i++) {
        app.clock.advance(60 * MINUTE);
        await delivery.deliverDue();
      }
      const row = await app.db.reader.get<{ state: string; attempts: unknown; last_error: string }>(
        'SELECT state, attempts, last_error FROM notifications WHERE vendor_id = ?',
        [vendor.id],
      );
      expect({ ...row, attempts: Number(row!.attempts) }).toEqual({ state: 'failed', attempts: 15, last_error: 'HTTP 500' });
      expect(down.received).toHaveLength(15);
    } finally {
      await app.close();
      await new Promise((resolve) => down.server.close(resolve));
    }
  });
});

import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { createSession, createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import type { ScheduleItem } from '../../src/sessions/dto/session.dto.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW). Every test makes its own zone, so
// answers remembered for one test's schedule can't stand in for another's.

const RANGE = 'from=2026-12-01&to=2026-12-03';
const DATES = ['2026-12-01', '2026-12-02', '2026-12-03'];
const JSON_UTF8 = 'application/json; charset=utf-8';
/** A strong entity tag: quoted, no W/ prefix. */
const STRONG_ETAG = /^"[^"\s,]+"$/;

/** The daily 06:00–09:00 occurrences in RANGE, in the zone's Asia/Shanghai time. */
function dailyItems(sessionId: string, name: string, cancelled: Record<string, string> = {}): ScheduleItem[] {
  return DATES.map((date) => ({
    sessionId,
    name,
    date,
    start: `${date}T06:00:00+08:00`,
    end: `${date}T09:00:00+08:00`,
    cancelled: date in cancelled,
    ...(date in cancelled ? { reason: cancelled[date] } : {}),
  }));
}

/** The tag a gzipped answer carries for a given identity tag. */
const gzipTagOf = (identityTag: string) => `${identityTag.slice(0, -1)}-gzip"`;

describe('GET /api/zones/:zoneId/schedule: cached bytes, gzip and ETag', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  /** Of the app listening on a real port: node:http reads bodies as sent (supertest and fetch inflate gzip). */
  let base: string;

  beforeAll(async () => {
    staff = bearer(t.staffToken);
    base = await t.listen();
  });

  /** A zone of its own with one daily session (06:00–09:00 from 2026-12-01). */
  async function market(name = '早市') {
    const zone = await createZone(t, { name: `缓存摊区 ${randomUUID().slice(0, 8)}` });
    const session = await createSession(t, zone.id, { name });
    return { zoneId: zone.id, sessionId: session.id };
  }

  const url = (zoneId: string, query = RANGE) => `/api/zones/${zoneId}/schedule?${query}`;

  /** A schedule request as staff; `encoding` undefined sends no Accept-Encoding at all. */
  function get(zoneId: string, options: { encoding?: string; ifNoneMatch?: string; query?: string; token?: string } = {}) {
    const req = t.http.get(url(zoneId, options.query)).set(bearer(options.token ?? t.staffToken));
    if (options.encoding === undefined) req.unset('Accept-Encoding');
    else req.set('Accept-Encoding', options.encoding);
    if (options.ifNoneMatch !== undefined) req.set('If-None-Match', options.ifNoneMatch);
    return req;
  }

  /** The status, headers and body bytes exactly as sent, without any decompression. */
  function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; raw: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { agent: false, headers: { ...bearer(t.staffToken), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }
  const rawBytes = (zoneId: string, encoding: string) => rawGet(url(zoneId), { 'accept-encoding': encoding });

  function expectSchedule(res: Response, items: ScheduleItem[], encoding: 'identity' | 'gzip'): string {
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items } });
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['etag']).toMatch(STRONG_ETAG);
    expect(res.headers['content-encoding']).toBe(encoding === 'gzip' ? 'gzip' : undefined);
    if (encoding === 'gzip') expect(res.headers['etag']).toMatch(/-gzip"$/);
    else expect(res.headers['etag']).not.toMatch(/-gzip"$/);
    return res.headers['etag'];
  }

  function expectNotModified(res: Response, etag: string): void {
    expect({ status: res.status, text: res.text ?? '' }).toEqual({ status: 304, text: '' });
    expect(res.headers['etag']).toBe(etag);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['content-encoding']).toBeUndefined();
  }

  describe('representations', () => {
    it('answers identity JSON with a strong ETag, Vary: Accept-Encoding and a UTF-8 JSON content type', async () => {
      const { zoneId, sessionId } = await market();
      const res = await get(zoneId, { encoding: 'identity' });
      expectSchedule(res, dailyItems(sessionId, '早市'), 'identity');
      // The bytes are the JSON text itself, in UTF-8.
      expect(res.text).toBe(JSON.stringify({ items: dailyItems(sessionId, '早市') }));
    });

    it('answers identity, with the same ETag, when no Accept-Encoding is sent', async () => {
      const { zoneId, sessionId } = await market();
      const identity = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
      const none = await get(zoneId);
      expect(expectSchedule(none, dailyItems(sessionId, '早市'), 'identity')).toBe(identity);
    });

    it('gzips for Accept-Encoding: gzip, with the identity tag plus a -gzip suffix and the same parsed body', async () => {
      const { zoneId, sessionId } = await market();
      const identity = await get(zoneId, { encoding: 'identity' });
      const identityTag = expectSchedule(identity, dailyItems(sessionId, '早市'), 'identity');
      const gzipped = await get(zoneId, { encoding: 'gzip' });
      expect(expectSchedule(gzipped, dailyItems(sessionId, '早市'), 'gzip')).toBe(gzipTagOf(identityTag));
      expect(gzipped.body).toEqual(identity.body);
    });

    it('sends gzip bytes that gunzip to exactly the identity JSON', async () => {
      const { zoneId } = await market();
      const identity = await rawBytes(zoneId, 'identity');
      const gzipped = await rawBytes(zoneId, 'gzip');
      expect([identity.status, gzipped.status]).toEqual([200, 200]);
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      // The gzip magic number, then a stream that inflates to the identity bytes.
      expect([...gzipped.raw.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      expect(gunzipSync(gzipped.raw).equals(identity.raw)).toBe(true);
      expect(JSON.parse(identity.raw.toString('utf8'))).toEqual({ items: expect.any(Array) });
      expect(gzipped.headers['content-length']).toBe(String(gzipped.raw.length));
    });

    it.each(['gzip', 'gzip, deflate', 'deflate, gzip;q=0.5', '*', 'identity;q=0.5, gzip;q=0.8'])(
      'gzips for Accept-Encoding: %s',
      async (encoding) => {
        const { zoneId, sessionId } = await market();
        expectSchedule(await get(zoneId, { encoding }), dailyItems(sessionId, '早市'), 'gzip');
      },
    );

    it.each(['gzip;q=0', 'identity', 'br', 'deflate', 'gzip;q=0, identity', 'identity, gzip;q=0.5', ''])(
      'does not gzip for Accept-Encoding: "%s"',
      async (encoding) => {
        const { zoneId, sessionId } = await market();
        const identityTag = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
        const res = await get(zoneId, { encoding });
        expect(expectSchedule(res, dailyItems(sessionId, '早市'), 'identity')).toBe(identityTag);
      },
    );

    it('repeats the same ETag and bytes for an unchanged schedule, and differs for another window', async () => {
      const { zoneId } = await market();
      const first = await get(zoneId, { encoding: 'identity' });
      const second = await get(zoneId, { encoding: 'identity' });
      expect(second.headers['etag']).toBe(first.headers['etag']);
      expect(second.text).toBe(first.text);
      const other = await get(zoneId, { encoding: 'identity', query: 'from=2026-12-02&to=2026-12-03' });
      expect(other.body.items.map((i: ScheduleItem) => i.date)).toEqual(['2026-12-02', '2026-12-03']);
      expect(other.headers['etag']).not.toBe(first.headers['etag']);
    });

    it('gives different zones with the same-looking schedule their own items', async () => {
      const a = await market();
      const b = await market();
      const resA = await get(a.zoneId, { encoding: 'identity' });
      const resB = await get(b.zoneId, { encoding: 'identity' });
      expect(resA.body).toEqual({ items: dailyItems(a.sessionId, '早市') });
      expect(resB.body).toEqual({ items: dailyItems(b.sessionId, '早市') });
      expect(resA.headers['etag']).not.toBe(resB.headers['etag']);
    });

    it('answers a zone without sessions with an empty list, an ETag and 304 to it', async () => {
      const zone = await createZone(t, { name: `空 ${randomUUID().slice(0, 8)}` });
      const res = await get(zone.id, { encoding: 'gzip' });
      const etag = expectSchedule(res, [], 'gzip');
      expectNotModified(await get(zone.id, { encoding: 'gzip', ifNoneMatch: etag }), etag);
    });
  });

  describe('If-None-Match', () => {
    let zoneId: string;
    let sessionId: string;
    let identityTag: string;
    let gzipTag: string;
    beforeAll(async () => {
      ({ zoneId, sessionId } = await market());
      identityTag = (await get(zoneId, { encoding: 'identity' })).headers['etag'];
      gzipTag = (await get(zoneId, { encoding: 'gzip' })).headers['etag'];
      expect(identityTag).toMatch(STRONG_ETAG);
      expect(gzipTag).toBe(gzipTagOf(identityTag));
    });

    it('answers 304 with an empty body to the current identity ETag', async () => {
      expectNotModified(await get(zoneId, { encoding: 'identity', ifNoneMatch: identityTag }), identityTag);
    });

    it('answers 304 with an empty body to the current gzip ETag on a gzip request', async () => {
      expectNotModified(await get(zoneId, { encoding: 'gzip', ifNoneMatch: gzipTag }), gzipTag);
      const raw = await rawGet(url(zoneId), { 'accept-encoding': 'gzip', 'if-none-match': gzipTag });
      expect({ status: raw.status, bytes: raw.raw.length }).toEqual({ status: 304, bytes: 0 });
    });

    it('answers 304 to the weak form W/"…" of the current ETag', async () => {
      expectNotModified(await get(zoneId, { encoding: 'identity', ifNoneMatch: `W/${identityTag}` }), identityTag);
      expectNotModified(await get(zoneId, { encoding: 'gzip', ifNoneMatch: `W/${gzipTag}` }), gzipTag);
    });

    it.each([
      ['after another tag', (tag: string) => `"elsewhere", ${tag}`],
      ['before another tag', (tag: string) => `${tag},"elsewhere"`],
      ['weak, among others', (tag: string) => `W/"a", W/${tag} , "b"`],
    ])('answers 304 when the current ETag is in a list (%s)', async (_label, list) => {
      expectNotModified(await get(zoneId, { encoding: 'identity', ifNoneMatch: list(identityTag) }), identityTag);
    });

    it('answers 304 to If-None-Match: *', async () => {
      expectNotModified(await get(zoneId, { encoding: 'identity', ifNoneMatch: '*' }), identityTag);
      expectNotModified(await get(zoneId, { encoding: 'gzip', ifNoneMatch: '*' }), gzipTag);
    });

    it.each([
      ['another tag', '"not-the-tag"'],
      ['the tag without quotes', 'UNQUOTED'],
      ['a list without the tag', '"a", W/"b"'],
      ['an empty header', ''],
    ])('answers 200 with the body to %s', async (_label, value) => {
      const tag = value === 'UNQUOTED' ? identityTag.slice(1, -1) : value;
      expectSchedule(await get(zoneId, { encoding: 'identity', ifNoneMatch: tag }), dailyItems(sessionId, '早市'), 'identity');
    });

    it("answers 200 to the other representation's tag: gzip and identity differ", async () => {
      const identity = await get(zoneId, { encoding: 'identity', ifNoneMatch: gzipTag });
      expect(expectSchedule(identity, dailyItems(sessionId, '早市'), 'identity')).toBe(identityTag);
      const gzipped = await get(zoneId, { encoding: 'gzip', ifNoneMatch: identityTag });
      expect(expectSchedule(gzipped, dailyItems(sessionId, '早市'), 'gzip')).toBe(gzipTag);
    });
  });

  describe('after a change', () => {
    it('renaming a session gives new items and a new ETag; the old ETag no longer gets 304', async () => {
      const { zoneId, sessionId } = await market('早市');
      const before = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
      const beforeGzip = expectSchedule(await get(zoneId, { encoding: 'gzip' }), dailyItems(sessionId, '早市'), 'gzip');
      await t.http.patch(`/api/sessions/${sessionId}`).set(staff).send({ name: '晨市' }).expect(200);

      const after = await get(zoneId, { encoding: 'identity', ifNoneMatch: before });
      const afterTag = expectSchedule(after, dailyItems(sessionId, '晨市'), 'identity');
      expect(afterTag).not.toBe(before);
      const afterGzip = await get(zoneId, { encoding: 'gzip', ifNoneMatch: beforeGzip });
      expect(expectSchedule(afterGzip, dailyItems(sessionId, '晨市'), 'gzip')).toBe(gzipTagOf(afterTag));
      expectNotModified(await get(zoneId, { encoding: 'identity', ifNoneMatch: afterTag }), afterTag);
    });

    it('moving a session (new times) gives new items and a new ETag', async () => {
      const { zoneId, sessionId } = await market();
      const before = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
      await t.http.patch(`/api/sessions/${sessionId}`).set(staff).send({ startTime: '07:00', endTime: '10:00' }).expect(200);
      const after = await get(zoneId, { encoding: 'identity', ifNoneMatch: before });
      const expected = dailyItems(sessionId, '早市').map((i) => ({
        ...i,
        start: `${i.date}T07:00:00+08:00`,
        end: `${i.date}T10:00:00+08:00`,
      }));
      expect(expectSchedule(after, expected, 'identity')).not.toBe(before);
    });

    it('cancelling an occurrence shows it cancelled with its reason, under a new ETag', async () => {
      const { zoneId, sessionId } = await market();
      const before = expectSchedule(await get(zoneId, { encoding: 'gzip' }), dailyItems(sessionId, '早市'), 'gzip');
      await t.http.post(`/api/sessions/${sessionId}/cancellations`).set(staff).send({ date: '2026-12-02', reason: '暴雨预警' }).expect(201);

      const after = await get(zoneId, { encoding: 'gzip', ifNoneMatch: before });
      const afterTag = expectSchedule(after, dailyItems(sessionId, '早市', { '2026-12-02': '暴雨预警' }), 'gzip');
      expect(afterTag).not.toBe(before);
      expectNotModified(await get(zoneId, { encoding: 'gzip', ifNoneMatch: afterTag }), afterTag);
    });

    it('restoring the occurrence brings back the first answer and its ETag', async () => {
      const { zoneId, sessionId } = await market();
      const original = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
      await t.http.post(`/api/sessions/${sessionId}/cancellations`).set(staff).send({ date: '2026-12-01', reason: 'holiday' }).expect(201);
      const cancelled = expectSchedule(
        await get(zoneId, { encoding: 'identity', ifNoneMatch: original }),
        dailyItems(sessionId, '早市', { '2026-12-01': 'holiday' }),
        'identity',
      );
      await t.http.delete(`/api/sessions/${sessionId}/cancellations/2026-12-01`).set(staff).expect(204);
      const restored = await get(zoneId, { encoding: 'identity', ifNoneMatch: cancelled });
      expect(expectSchedule(restored, dailyItems(sessionId, '早市'), 'identity')).toBe(original);
    });

    it('a cancellation outside the window changes neither the items nor the ETag', async () => {
      const { zoneId, sessionId } = await market();
      const before = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
      await t.http.post(`/api/sessions/${sessionId}/cancellations`).set(staff).send({ date: '2026-12-10', reason: 'later' }).expect(201);
      expectNotModified(await get(zoneId, { encoding: 'identity', ifNoneMatch: before }), before);
    });

    it('adding and deleting a session change the answer and its ETag', async () => {
      const { zoneId, sessionId } = await market();
      const one = expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, '早市'), 'identity');
      const evening = await createSession(t, zoneId, { name: '夜市', startTime: '18:00', endTime: '21:00', validFrom: '2026-12-03' });
      const two = await get(zoneId, { encoding: 'identity', ifNoneMatch: one });
      const expected = [
        ...dailyItems(sessionId, '早市'),
        {
          sessionId: evening.id,
          name: '夜市',
          date: '2026-12-03',
          start: '2026-12-03T18:00:00+08:00',
          end: '2026-12-03T21:00:00+08:00',
          cancelled: false,
        },
      ];
      const twoTag = expectSchedule(two, expected, 'identity');
      expect(twoTag).not.toBe(one);
      await t.http.delete(`/api/sessions/${sessionId}`).set(staff).expect(204);
      const onlyEvening = await get(zoneId, { encoding: 'identity', ifNoneMatch: twoTag });
      expect(expectSchedule(onlyEvening, [expected[3]], 'identity')).not.toBe(twoTag);
    });

    // The remembered answer is found by a key built from session names and cancellation reasons;
    // both are free text, so the key must not let one state spell out another.
    it('tells a cancellation reason containing "|" apart from two cancellations', async () => {
      const { zoneId, sessionId } = await market();
      const cancel = (date: string, reason: string) =>
        t.http.post(`/api/sessions/${sessionId}/cancellations`).set(staff).send({ date, reason }).expect(201);
      await cancel('2026-12-01', `rain|${sessionId}:2026-12-02:snow`);
      expectSchedule(
        await get(zoneId, { encoding: 'identity' }),
        dailyItems(sessionId, '早市', { '2026-12-01': `rain|${sessionId}:2026-12-02:snow` }),
        'identity',
      );
      await t.http.delete(`/api/sessions/${sessionId}/cancellations/2026-12-01`).set(staff).expect(204);
      await cancel('2026-12-01', 'rain');
      await cancel('2026-12-02', 'snow');
      expectSchedule(
        await get(zoneId, { encoding: 'identity' }),
        dailyItems(sessionId, '早市', { '2026-12-01': 'rain', '2026-12-02': 'snow' }),
        'identity',
      );
    });

    it('tells a session name containing "|" apart from a name plus a cancellation', async () => {
      const { zoneId, sessionId } = await market('x');
      const trickyName = `m|${sessionId}:2026-12-01:rain`;
      await t.http.patch(`/api/sessions/${sessionId}`).set(staff).send({ name: trickyName }).expect(200);
      expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, trickyName), 'identity');
      await t.http.patch(`/api/sessions/${sessionId}`).set(staff).send({ name: 'm' }).expect(200);
      await t.http.post(`/api/sessions/${sessionId}/cancellations`).set(staff).send({ date: '2026-12-01', reason: 'rain' }).expect(201);
      expectSchedule(await get(zoneId, { encoding: 'identity' }), dailyItems(sessionId, 'm', { '2026-12-01': 'rain' }), 'identity');
    });
  });

  describe('access and errors', () => {
    let zoneId: string;
    let sessionId: string;
    beforeAll(async () => {
      ({ zoneId, sessionId } = await market());
    });

    it('gives a vendor the same answer and ETag as staff', async () => {
      const vendor = t.tokenFor(randomUUID(), 'vendor');
      const staffTag = expectSchedule(await get(zoneId, { encoding: 'gzip' }), dailyItems(sessionId, '早市'), 'gzip');
      const res = await get(zoneId, { encoding: 'gzip', token: vendor });
      expect(expectSchedule(res, dailyItems(sessionId, '早市'), 'gzip')).toBe(staffTag);
      expectNotModified(await get(zoneId, { encoding: 'gzip', token: vendor, ifNoneMatch: staffTag }), staffTag);
    });

    it('answers 401 without a token, even to a matching If-None-Match', async () => {
      const tag = (await get(zoneId, { encoding: 'identity' })).headers['etag'];
      const res = await t.http.get(url(zoneId)).set('If-None-Match', tag).set('Accept-Encoding', 'identity');
      expectError(res, 401, 'UNAUTHORIZED');
      expect(res.headers['etag']).toBeUndefined();
    });

    it.each([
      ['from after to', 'from=2026-12-03&to=2026-12-01'],
      ['a bad date', 'from=2026-02-30&to=2026-03-02'],
      ['a malformed date', 'from=2026-12-1&to=2026-12-07'],
    ])('refuses %s with 400 VALIDATION_FAILED, plain JSON and no ETag, whatever the request headers', async (_label, query) => {
      for (const encoding of ['identity', 'gzip']) {
        const res = await get(zoneId, { encoding, query, ifNoneMatch: '*' });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.headers['etag']).toBeUndefined();
        expect(res.headers['content-encoding']).toBeUndefined();
      }
    });

    it('answers 404 NOT_FOUND for an unknown zone, even to If-None-Match: *', async () => {
      for (const encoding of ['identity', 'gzip']) {
        const res = await get(randomUUID(), { encoding, ifNoneMatch: '*' });
        expectError(res, 404, 'NOT_FOUND');
        expect(res.headers['etag']).toBeUndefined();
      }
    });
  });
});

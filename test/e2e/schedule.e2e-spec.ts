import { randomUUID } from 'node:crypto';
import { bearer, TEST_NOW, useTestApp } from '../support/create-app.js';
import { HOUR } from '../support/fake-clock.js';
import { createSession, createZone } from '../factories/zone.factory.js';
import { expectError } from '../support/expect-error.js';
import type { ScheduleItem } from '../../src/sessions/dto/session.dto.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW); 2026-12-01 is a Tuesday.

const hours = (item: ScheduleItem) => (Date.parse(item.end) - Date.parse(item.start)) / HOUR;

describe('GET /api/zones/:zoneId/schedule', () => {
  const t = useTestApp();
  let staff: { Authorization: string };

  beforeAll(() => {
    staff = bearer(t.staffToken);
  });

  async function items(zoneId: string, query = ''): Promise<ScheduleItem[]> {
    const res = await t.http.get(`/api/zones/${zoneId}/schedule${query}`).set(staff);
    expect({ status: res.status, keys: Object.keys(res.body) }).toEqual({ status: 200, keys: ['items'] });
    return res.body.items;
  }
  const datesOf = (list: ScheduleItem[], sessionId: string) => list.filter((i) => i.sessionId === sessionId).map((i) => i.date);

  it('lists each occurrence with exactly the contract fields', async () => {
    const zone = await createZone(t);
    const other = await createZone(t, { name: '别的摊区' });
    const session = await createSession(t, zone.id, { name: '早市', validUntil: '2026-12-02' });
    await createSession(t, other.id, { name: 'elsewhere' });
    expect(await items(zone.id, '?from=2026-11-30&to=2026-12-03')).toEqual([
      {
        sessionId: session.id,
        name: '早市',
        date: '2026-12-01',
        start: '2026-12-01T06:00:00+08:00',
        end: '2026-12-01T09:00:00+08:00',
        cancelled: false,
      },
      {
        sessionId: session.id,
        name: '早市',
        date: '2026-12-02',
        start: '2026-12-02T06:00:00+08:00',
        end: '2026-12-02T09:00:00+08:00',
        cancelled: false,
      },
    ]);
  });

  it('answers an empty list for a zone without sessions', async () => {
    const zone = await createZone(t, { name: '空摊区' });
    expect(await items(zone.id, '?from=2026-12-01&to=2026-12-31')).toEqual([]);
  });

  describe('night markets', () => {
    it('ends a 20:00–02:00 session at 02:00 of the next date', async () => {
      const zone = await createZone(t);
      const session = await createSession(t, zone.id, { name: '夜市', startTime: '20:00', endTime: '02:00' });
      const list = await items(zone.id, '?from=2026-12-01&to=2026-12-02');
      expect(list).toEqual([
        {
          sessionId: session.id,
          name: '夜市',
          date: '2026-12-01',
          start: '2026-12-01T20:00:00+08:00',
          end: '2026-12-02T02:00:00+08:00',
          cancelled: false,
        },
        {
          sessionId: session.id,
          name: '夜市',
          date: '2026-12-02',
          start: '2026-12-02T20:00:00+08:00',
          end: '2026-12-03T02:00:00+08:00',
          cancelled: false,
        },
      ]);
      expect(list.map(hours)).toEqual([6, 6]);
    });

    it('makes a 06:00–06:00 session last 24 hours', async () => {
      const zone = await createZone(t);
      await createSession(t, zone.id, { name: 'all day', startTime: '06:00', endTime: '06:00' });
      const [item] = await items(zone.id, '?from=2026-12-01&to=2026-12-01');
      expect(item).toMatchObject({ date: '2026-12-01', start: '2026-12-01T06:00:00+08:00', end: '2026-12-02T06:00:00+08:00' });
      expect(hours(item)).toBe(24);
    });

    it('ends the month and the year on the next day too', async () => {
      const zone = await createZone(t);
      await createSession(t, zone.id, { name: 'new year', startTime: '23:00', endTime: '01:00' });
      const [item] = await items(zone.id, '?from=2026-12-31&to=2026-12-31');
      expect(item).toMatchObject({ start: '2026-12-31T23:00:00+08:00', end: '2027-01-01T01:00:00+08:00' });
    });
  });

  describe('validFrom and validUntil', () => {
    it('counts validFrom only when the rule matches it (WEEKLY;BYDAY=SA from a Tuesday)', async () => {
      const zone = await createZone(t);
      const session = await createSession(t, zone.id, { name: 'saturday', rrule: 'FREQ=WEEKLY;BYDAY=SA', validFrom: '2026-12-01' });
      expect(datesOf(await items(zone.id, '?from=2026-11-28&to=2026-12-14'), session.id)).toEqual(['2026-12-05', '2026-12-12']);
    });

    it('counts validFrom when the rule does match it', async () => {
      const zone = await createZone(t);
      const session = await createSession(t, zone.id, { name: 'saturday', rrule: 'FREQ=WEEKLY;BYDAY=SA', validFrom: '2026-12-05' });
      expect(datesOf(await items(zone.id, '?from=2026-12-01&to=2026-12-14'), session.id)).toEqual(['2026-12-05', '2026-12-12']);
    });

    it('takes the weekday of a bare WEEKLY rule from validFrom', async () => {
      const zone = await createZone(t);
      const session = await createSession(t, zone.id, { name: 'tuesday', rrule: 'FREQ=WEEKLY', validFrom: '2026-12-01' });
      expect(datesOf(await items(zone.id, '?from=2026-12-01&to=2026-12-15'), session.id)).toEqual([
        '2026-12-01',
        '2026-12-08',
        '2026-12-15',
      ]);
    });

    it('includes validUntil, and a night session on it ends the next day', async () => {
      const zone = await createZone(t);
      const morning = await createSession(t, zone.id, { name: 'morning', validFrom: '2026-12-01', validUntil: '2026-12-03' });
      const night = await createSession(t, zone.id, {
        name: 'night',
        startTime: '22:00',
        endTime: '03:00',
        validFrom: '2026-12-01',
        validUntil: '2026-12-03',
      });
      const list = await items(zone.id, '?from=2026-11-29&to=2026-12-06');
      expect(datesOf(list, morning.id)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
      expect(datesOf(list, night.id)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
      expect(list.at(-1)).toMatchObject({ sessionId: night.id, date: '2026-12-03', end: '2026-12-04T03:00:00+08:00' });
    });

    it('stops a COUNT rule after its count, and an UNTIL rule on its date', async () => {
      const zone = await createZone(t);
      const counted = await createSession(t, zone.id, { name: 'three times', rrule: 'FREQ=DAILY;COUNT=3' });
      const until = await createSession(t, zone.id, { name: 'until', rrule: 'FREQ=DAILY;UNTIL=20261203' });
      const list = await items(zone.id, '?from=2026-11-30&to=2026-12-10');
      expect(datesOf(list, counted.id)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
      expect(datesOf(list, until.id)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    });

    it('still gives next week for a session that started 5 years ago', async () => {
      const zone = await createZone(t);
      const old = (name: string, rrule: string) => createSession(t, zone.id, { name, rrule, validFrom: '2021-11-30' });
      const daily = await old('daily', 'FREQ=DAILY');
      const third = await old('every third day', 'FREQ=DAILY;INTERVAL=3');
      const saturday = await old('saturday', 'FREQ=WEEKLY;BYDAY=SA');
      const monthly = await old('first of month', 'FREQ=MONTHLY;BYMONTHDAY=1');
      // validFrom was a Tuesday; 2026-12-01 is 261 weeks later, so an odd week: no run this week.
      const fortnightly = await old('fortnightly', 'FREQ=WEEKLY;INTERVAL=2');
      const list = await items(zone.id);
      expect(datesOf(list, daily.id)).toEqual([
        '2026-11-30',
        '2026-12-01',
        '2026-12-02',
        '2026-12-03',
        '2026-12-04',
        '2026-12-05',
        '2026-12-06',
      ]);
      expect(datesOf(list, third.id)).toEqual(['2026-12-01', '2026-12-04']);
      expect(datesOf(list, saturday.id)).toEqual(['2026-12-05']);
      expect(datesOf(list, monthly.id)).toEqual(['2026-12-01']);
      expect(datesOf(list, fortnightly.id)).toEqual([]);
      expect(datesOf(await items(zone.id, '?from=2026-11-24&to=2026-12-08'), fortnightly.id)).toEqual(['2026-11-24', '2026-12-08']);
    });
  });

  it('orders occurrences of several sessions by start', async () => {
    const zone = await createZone(t);
    await createSession(t, zone.id, { name: 'evening', startTime: '18:00', endTime: '21:00' });
    await createSession(t, zone.id, { name: 'night', startTime: '22:00', endTime: '04:00' });
    await createSession(t, zone.id, { name: 'morning', startTime: '06:00', endTime: '09:00' });
    await createSession(t, zone.id, { name: 'fair', startTime: '09:00', endTime: '12:00', rrule: 'FREQ=WEEKLY;BYDAY=SA' });
    await createSession(t, zone.id, { name: 'noon', startTime: '11:00', endTime: '14:00' });
    const list = await items(zone.id, '?from=2026-12-04&to=2026-12-05');
    expect(list.map((i) => `${i.date} ${i.name} ${i.start}`)).toEqual([
      '2026-12-04 morning 2026-12-04T06:00:00+08:00',
      '2026-12-04 noon 2026-12-04T11:00:00+08:00',
      '2026-12-04 evening 2026-12-04T18:00:00+08:00',
      '2026-12-04 night 2026-12-04T22:00:00+08:00',
      '2026-12-05 morning 2026-12-05T06:00:00+08:00',
      '2026-12-05 fair 2026-12-05T09:00:00+08:00',
      '2026-12-05 noon 2026-12-05T11:00:00+08:00',
      '2026-12-05 evening 2026-12-05T18:00:00+08:00',
      '2026-12-05 night 2026-12-05T22:00:00+08:00',
    ]);
  });

  describe('a zone in Europe/Berlin across the DST changes', () => {
    let zoneId: string;
    beforeAll(async () => {
      zoneId = (await createZone(t, { name: 'Berlin', timezone: 'Europe/Berlin' })).id;
      await createSession(t, zoneId, { name: 'morning', startTime: '06:00', endTime: '09:00', validFrom: '2027-03-01' });
    });
    const morning = (list: ScheduleItem[]) => list.filter((i) => i.name === 'morning');

    it('starts at 06:00 local on both sides of 2027-03-28 (+01:00, then +02:00)', async () => {
      const list = morning(await items(zoneId, '?from=2027-03-26&to=2027-03-29'));
      expect(list.map((i) => [i.date, i.start, i.end])).toEqual([
        ['2027-03-26', '2027-03-26T06:00:00+01:00', '2027-03-26T09:00:00+01:00'],
        ['2027-03-27', '2027-03-27T06:00:00+01:00', '2027-03-27T09:00:00+01:00'],
        ['2027-03-28', '2027-03-28T06:00:00+02:00', '2027-03-28T09:00:00+02:00'],
        ['2027-03-29', '2027-03-29T06:00:00+02:00', '2027-03-29T09:00:00+02:00'],
      ]);
      expect(new Date(list[1].start).toISOString()).toBe('2027-03-27T05:00:00.000Z');
      expect(new Date(list[2].start).toISOString()).toBe('2027-03-28T04:00:00.000Z');
    });

    it('starts at 06:00 local on both sides of 2027-10-31 (+02:00, then +01:00)', async () => {
      const list = morning(await items(zoneId, '?from=2027-10-29&to=2027-11-01'));
      expect(list.map((i) => [i.date, i.start, i.end])).toEqual([
        ['2027-10-29', '2027-10-29T06:00:00+02:00', '2027-10-29T09:00:00+02:00'],
        ['2027-10-30', '2027-10-30T06:00:00+02:00', '2027-10-30T09:00:00+02:00'],
        ['2027-10-31', '2027-10-31T06:00:00+01:00', '2027-10-31T09:00:00+01:00'],
        ['2027-11-01', '2027-11-01T06:00:00+01:00', '2027-11-01T09:00:00+01:00'],
      ]);
      expect(new Date(list[1].start).toISOString()).toBe('2027-10-30T04:00:00.000Z');
      expect(new Date(list[2].start).toISOString()).toBe('2027-10-31T05:00:00.000Z');
    });

    it('ends a night session crossing the change at its local end time', async () => {
      const zone = await createZone(t, { name: 'Berlin nights', timezone: 'Europe/Berlin' });
      await createSession(t, zone.id, { name: 'night', startTime: '20:00', endTime: '04:00', validFrom: '2027-03-01' });
      const [spring] = await items(zone.id, '?from=2027-03-27&to=2027-03-27');
      expect(spring).toMatchObject({ start: '2027-03-27T20:00:00+01:00', end: '2027-03-28T04:00:00+02:00' });
      expect(hours(spring)).toBe(7);
      const [autumn] = await items(zone.id, '?from=2027-10-30&to=2027-10-30');
      expect(autumn).toMatchObject({ start: '2027-10-30T20:00:00+02:00', end: '2027-10-31T04:00:00+01:00' });
      expect(hours(autumn)).toBe(9);
    });

    it('never ends an occurrence before it starts, even when its start falls in the spring-forward gap', async () => {
      // 02:00–03:00 does not exist in Berlin on 2027-03-28; a session lasts more than 0 hours (API.md, Sessions).
      const zone = await createZone(t, { name: 'Berlin gap', timezone: 'Europe/Berlin' });
      await createSession(t, zone.id, {
        name: 'gap',
        startTime: '02:30',
        endTime: '03:00',
        validFrom: '2027-03-27',
        validUntil: '2027-03-29',
      });
      const list = await items(zone.id, '?from=2027-03-27&to=2027-03-29');
      expect(list.map((i) => i.date)).toEqual(['2027-03-27', '2027-03-28', '2027-03-29']);
      expect(list.filter((item) => !(hours(item) > 0 && hours(item) <= 24))).toEqual([]);
    });
  });

  describe('default range: the coming 7 days from today in the zone', () => {
    // useTestApp resets the clock before each test, but the next describe's beforeAll runs before that.
    afterEach(() => t.clock.set(TEST_NOW));
    const week = (from: string) =>
      Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 24 * HOUR).toISOString().slice(0, 10));

    it('runs from 2026-11-30 in Asia/Shanghai', async () => {
      const zone = await createZone(t);
      const session = await createSession(t, zone.id, { name: 'daily', validFrom: '2026-11-01' });
      expect(datesOf(await items(zone.id), session.id)).toEqual(week('2026-11-30'));
    });

    it('runs from 2026-11-29 in America/Los_Angeles, where it is still Sunday', async () => {
      const zone = await createZone(t, { name: 'LA', timezone: 'America/Los_Angeles' });
      const session = await createSession(t, zone.id, { name: 'daily', validFrom: '2026-11-01' });
      expect(datesOf(await items(zone.id), session.id)).toEqual(week('2026-11-29'));
    });

    it('follows the clock: at 23:30 in Shanghai it is already tomorrow in Tokyo', async () => {
      const tokyo = await createZone(t, { name: 'Tokyo', timezone: 'Asia/Tokyo' });
      const shanghai = await createZone(t, { name: 'Shanghai' });
      const inTokyo = await createSession(t, tokyo.id, { name: 'daily', validFrom: '2026-11-01' });
      const inShanghai = await createSession(t, shanghai.id, { name: 'daily', validFrom: '2026-11-01' });
      t.clock.set('2026-11-30T23:30:00+08:00');
      expect(datesOf(await items(tokyo.id), inTokyo.id)).toEqual(week('2026-12-01'));
      expect(datesOf(await items(shanghai.id), inShanghai.id)).toEqual(week('2026-11-30'));
    });
  });

  describe('from/to validation', () => {
    let zoneId: string;
    beforeAll(async () => {
      zoneId = (await createZone(t, { name: '范围摊区' })).id;
      await createSession(t, zoneId, { name: 'daily', validFrom: '2026-01-01' });
    });
    const get = (query: string) => t.http.get(`/api/zones/${zoneId}/schedule?${query}`).set(staff);

    it('accepts a single day (from = to)', async () => {
      expect((await items(zoneId, '?from=2026-12-01&to=2026-12-01')).map((i) => i.date)).toEqual(['2026-12-01']);
    });

    it('accepts exactly 366 days', async () => {
      expect(await items(zoneId, '?from=2026-12-01&to=2027-12-01')).toHaveLength(366);
      expect(await items(zoneId, '?from=2027-12-01&to=2028-11-30')).toHaveLength(366);
    });

    it('refuses to before from', async () => {
      expectError(await get('from=2026-12-02&to=2026-12-01'), 400, 'VALIDATION_FAILED');
    });

    it.each([
      ['367 days', 'from=2026-12-01&to=2027-12-02'],
      ['367 days across 29 February', 'from=2027-12-01&to=2028-12-01'],
      ['100 years', 'from=2026-01-01&to=2126-01-01'],
      ['2000 to 2199', 'from=2000-01-01&to=2199-12-31'],
    ])('refuses a span of %s', async (_label, query) => {
      expectError(await get(query), 400, 'VALIDATION_FAILED');
    });

    it.each([
      'from=2026-13-01&to=2026-12-31',
      'from=2026-02-30&to=2026-03-02',
      'from=2026-12-1&to=2026-12-07',
      'from=tomorrow',
      'to=2026/12/07',
      'from=20261201',
      'from=2026-12-01T00:00:00&to=2026-12-02',
      'from=0001-01-01&to=0001-01-02',
      'from=9999-12-30&to=9999-12-31',
      'from=',
      'from=2026-12-01&from=2026-12-02',
    ])('refuses the malformed range ?%s', async (query) => {
      expectError(await get(query), 400, 'VALIDATION_FAILED');
    });

    it('refuses unknown query parameters', async () => {
      expectError(await get('from=2026-12-01&to=2026-12-02&sessionId=x'), 400, 'VALIDATION_FAILED', 'sessionId');
    });
  });

  describe('access', () => {
    let zoneId: string;
    beforeAll(async () => {
      zoneId = (await createZone(t)).id;
      await createSession(t, zoneId);
    });

    it('lets vendors read', async () => {
      const res = await t.http
        .get(`/api/zones/${zoneId}/schedule?from=2026-12-01&to=2026-12-01`)
        .set(bearer(t.tokenFor(randomUUID(), 'vendor')))
        .expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ date: '2026-12-01', start: '2026-12-01T06:00:00+08:00' })]);
    });

    it('needs a token', async () => {
      expectError(await t.http.get(`/api/zones/${zoneId}/schedule`), 401, 'UNAUTHORIZED');
      expectError(await t.http.get(`/api/zones/${zoneId}/schedule`).set('Authorization', 'Bearer nonsense'), 401, 'UNAUTHORIZED');
    });

    it.each([
      ['an unknown uuid', randomUUID()],
      ['"not-a-uuid"', 'not-a-uuid'],
      ['"123"', '123'],
      ['a uuid with a non-hex digit', '00000000-0000-0000-0000-00000000000g'],
      ['a 300-character id', 'x'.repeat(300)],
    ])('answers 404 for %s as zone id', async (_label, id) => {
      expectError(await t.http.get(`/api/zones/${id}/schedule?from=2026-12-01&to=2026-12-07`).set(staff), 404, 'NOT_FOUND');
    });
  });
});

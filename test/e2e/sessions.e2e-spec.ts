import { randomUUID } from 'node:crypto';
import { bearer, useTestApp } from '../support/create-app.js';
import { createSession, createZone, sessionInput } from '../factories/zone.factory.js';
import { expectError } from '../support/expect-error.js';

// The clock stands at Monday 2026-11-30 10:00 +08:00 (TEST_NOW); 2026-12-01 is a Tuesday.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** [label, id]: unknown or malformed ids are all 404 (API.md, Conventions), whatever their shape or length. */
const BAD_IDS: [string, string][] = [
  ['an unknown uuid', randomUUID()],
  ['"not-a-uuid"', 'not-a-uuid'],
  ['"123"', '123'],
  ['a uuid with a non-hex digit', '00000000-0000-0000-0000-00000000000g'],
  ['an SQL-looking id', "1'%20OR%20'1'='1"],
  ['a 300-character id', 'x'.repeat(300)],
];

describe('sessions', () => {
  const t = useTestApp();
  let staff: { Authorization: string };
  let vendor: { Authorization: string };
  let zoneId: string;

  beforeAll(async () => {
    staff = bearer(t.staffToken);
    vendor = bearer(t.tokenFor(randomUUID(), 'vendor'));
    zoneId = (await createZone(t)).id;
  });

  const getSession = (id: string) => t.http.get(`/api/sessions/${id}`).set(staff);
  const listSessions = (zone: string) => t.http.get(`/api/zones/${zone}/sessions`).set(staff);
  const schedule = (zone: string, from: string, to: string) => t.http.get(`/api/zones/${zone}/schedule?from=${from}&to=${to}`).set(staff);

  describe('POST /api/zones/:zoneId/sessions', () => {
    it('creates a session and answers with every field', async () => {
      const body = {
        name: '早市 morning',
        startTime: '06:00',
        endTime: '09:00',
        rrule: 'FREQ=DAILY',
        validFrom: '2026-12-01',
        validUntil: '2027-06-30',
      };
      const res = await t.http.post(`/api/zones/${zoneId}/sessions`).set(staff).send(body).expect(201);
      expect(res.body).toEqual({ id: expect.stringMatching(UUID), zoneId, ...body, overnight: false });
      const read = await getSession(res.body.id).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('defaults validUntil to null', async () => {
      const session = await createSession(t, zoneId, { name: 'open-ended' });
      expect(session).toMatchObject({ validFrom: '2026-12-01', validUntil: null, overnight: false });
    });

    it.each([
      ['20:00', '02:00'],
      ['06:00', '06:00'],
      ['23:59', '00:00'],
    ])('marks %s–%s as overnight (it ends the next day)', async (startTime, endTime) => {
      const session = await createSession(t, zoneId, { name: `night ${startTime}`, startTime, endTime });
      expect(session).toMatchObject({ startTime, endTime, overnight: true });
    });

    describe('refusals change nothing', () => {
      let emptyZoneId: string;
      beforeAll(async () => {
        emptyZoneId = (await createZone(t, { name: '空摊区' })).id;
      });
      afterAll(async () => {
        const list = await listSessions(emptyZoneId).expect(200);
        expect(list.body).toEqual({ items: [], total: 0 });
      });
      const post = (body: unknown) =>
        t.http
          .post(`/api/zones/${emptyZoneId}/sessions`)
          .set(staff)
          .send(body as object);

      it.each(['24:00', '6:00', 'abc', '06:60', '06:00:00', ''])('refuses startTime %j', async (startTime) => {
        expectError(await post(sessionInput({ startTime })), 400, 'VALIDATION_FAILED', 'startTime');
      });

      it.each(['24:00', '9:00', 'noon'])('refuses endTime %j', async (endTime) => {
        expectError(await post(sessionInput({ endTime })), 400, 'VALIDATION_FAILED', 'endTime');
      });

      it('refuses numbers where times are expected', async () => {
        expectError(await post(sessionInput({ startTime: 600 })), 400, 'VALIDATION_FAILED', 'startTime');
      });

      it('lists every missing field', async () => {
        const res = await post({});
        expectError(res, 400, 'VALIDATION_FAILED', 'name', 'startTime', 'endTime', 'rrule', 'validFrom');
      });

      it.each(['name', 'startTime', 'endTime', 'rrule', 'validFrom'])('refuses a body without %s', async (field) => {
        const body: Record<string, unknown> = sessionInput();
        delete body[field];
        expectError(await post(body), 400, 'VALIDATION_FAILED', field);
      });

      it('refuses unknown fields', async () => {
        expectError(await post({ ...sessionInput(), colour: 'red' }), 400, 'VALIDATION_FAILED', 'colour');
        expectError(await post({ ...sessionInput(), zoneId: randomUUID() }), 400, 'VALIDATION_FAILED', 'zoneId');
        expectError(await post({ ...sessionInput(), id: randomUUID() }), 400, 'VALIDATION_FAILED', 'id');
      });

      it.each(['2026-02-30', '2026/12/01', '01-12-2026', '2026-12-1', 'tomorrow', '0001-01-01'])(
        'refuses validFrom %j',
        async (validFrom) => {
          expectError(await post(sessionInput({ validFrom })), 400, 'VALIDATION_FAILED', 'validFrom');
        },
      );

      it('refuses a validUntil before validFrom', async () => {
        const res = await post(sessionInput({ validFrom: '2026-12-10', validUntil: '2026-12-09' }));
        expectError(res, 400, 'VALIDATION_FAILED', 'validUntil');
      });

      it('refuses a malformed validUntil', async () => {
        expectError(await post(sessionInput({ validUntil: '2027-13-01' })), 400, 'VALIDATION_FAILED', 'validUntil');
      });

      it('refuses an empty or over-long name', async () => {
        expectError(await post(sessionInput({ name: '' })), 400, 'VALIDATION_FAILED', 'name');
        expectError(await post(sessionInput({ name: '摊'.repeat(101) })), 400, 'VALIDATION_FAILED', 'name');
      });

      it.each([[[]], [null], ['just text'], [42]])('refuses the JSON body %j', async (body) => {
        const res = await t.http
          .post(`/api/zones/${emptyZoneId}/sessions`)
          .set(staff)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        expectError(res, 400, 'VALIDATION_FAILED');
      });

      it('refuses a body that is not JSON', async () => {
        const res = await t.http
          .post(`/api/zones/${emptyZoneId}/sessions`)
          .set(staff)
          .set('Content-Type', 'application/json')
          .send('{"name": "morning",');
        expectError(res, 400, 'VALIDATION_FAILED');
      });

      it.each([
        'FREQ=MINUTELY',
        'FREQ=SECONDLY',
        'FREQ=HOURLY;INTERVAL=2;BYHOUR=18',
        'FREQ=DAILY;BYHOUR=18',
        'FREQ=DAILY;BYMINUTE=30',
        'FREQ=DAILY;INTERVAL=0',
        'FREQ=DAILY;COUNT=100000000',
        'FREQ=DAILY\nBYDAY=MO',
        'FREQ=DAILY\n',
        'FREQ=DAILY\r\nDTSTART:20261201T060000Z',
        'DTSTART:20261201T060000Z;FREQ=DAILY',
        'every day at six',
        '%%%',
        'INTERVAL=2',
        'FREQ=DAILY;FREQ=WEEKLY',
        'FREQ=WEEKLY;BYDAY=XX',
        'FREQ=DAILY;UNTIL=20261301',
      ])('refuses rrule %j with INVALID_RECURRENCE', async (rrule) => {
        expectError(await post(sessionInput({ rrule })), 400, 'INVALID_RECURRENCE');
      });

      it.each([
        ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', {}],
        // rrule.js walks to the year 9999 on this one (rrule#481); the answer must still come.
        ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', {}],
        ['FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11', {}],
        ['FREQ=WEEKLY;BYDAY=SA', { validFrom: '2026-12-01', validUntil: '2026-12-04' }],
        ['FREQ=DAILY;UNTIL=20261130', { validFrom: '2026-12-01' }],
      ])('refuses %j, which never produces an occurrence', async (rrule, extra) => {
        expectError(await post(sessionInput({ rrule, ...extra })), 400, 'INVALID_RECURRENCE');
      });
    });

    it('accepts a rule whose first occurrence is years away (29 February)', async () => {
      const session = await createSession(t, zoneId, { name: 'leap', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' });
      expect(session.rrule).toBe('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29');
    });

    it.each(BAD_IDS)('answers 404 for %s as zone id', async (_label, id) => {
      const res = await t.http.post(`/api/zones/${id}/sessions`).set(staff).send(sessionInput());
      expectError(res, 404, 'NOT_FOUND');
    });

    it('needs a token and the staff role', async () => {
      expectError(await t.http.post(`/api/zones/${zoneId}/sessions`).send(sessionInput()), 401, 'UNAUTHORIZED');
      const forged = bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6InN0YWZmIn0.c2lnbmF0dXJl');
      expectError(await t.http.post(`/api/zones/${zoneId}/sessions`).set(forged).send(sessionInput()), 401, 'UNAUTHORIZED');
      const res = await t.http
        .post(`/api/zones/${zoneId}/sessions`)
        .set(vendor)
        .send(sessionInput({ name: 'by vendor' }));
      expectError(res, 403, 'FORBIDDEN');
      const list = await listSessions(zoneId).expect(200);
      expect(list.body.items.map((s: { name: string }) => s.name)).not.toContain('by vendor');
    });
  });

  describe('GET /api/zones/:zoneId/sessions and /api/sessions/:id', () => {
    let listZoneId: string;
    let ids: string[];
    beforeAll(async () => {
      listZoneId = (await createZone(t, { name: '列表摊区' })).id;
      ids = [
        (await createSession(t, listZoneId, { name: 'evening', startTime: '18:00', endTime: '21:00' })).id,
        (await createSession(t, listZoneId, { name: 'morning', startTime: '06:00', endTime: '09:00' })).id,
      ];
      await createSession(t, zoneId, { name: 'elsewhere' });
    });

    it("lists the zone's sessions, and only those, with the total", async () => {
      const res = await listSessions(listZoneId).expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items.map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());
      for (const item of res.body.items) expect(item.zoneId).toBe(listZoneId);
    });

    it('pages with limit and offset', async () => {
      const first = await t.http.get(`/api/zones/${listZoneId}/sessions?limit=1`).set(staff).expect(200);
      const second = await t.http.get(`/api/zones/${listZoneId}/sessions?limit=1&offset=1`).set(staff).expect(200);
      expect(first.body.total).toBe(2);
      expect(second.body.total).toBe(2);
      expect([first.body.items[0].id, second.body.items[0].id].sort()).toEqual([...ids].sort());
    });

    it.each(['limit=0', 'limit=201', 'limit=abc', 'offset=-1', 'colour=red'])('refuses ?%s', async (query) => {
      expectError(await t.http.get(`/api/zones/${listZoneId}/sessions?${query}`).set(staff), 400, 'VALIDATION_FAILED');
    });

    it('lets vendors read', async () => {
      await t.http.get(`/api/zones/${listZoneId}/sessions`).set(vendor).expect(200);
      const one = await t.http.get(`/api/sessions/${ids[0]}`).set(vendor).expect(200);
      expect(one.body).toMatchObject({ id: ids[0], name: 'evening' });
    });

    it('needs a token', async () => {
      expectError(await t.http.get(`/api/zones/${listZoneId}/sessions`), 401, 'UNAUTHORIZED');
      expectError(await t.http.get(`/api/sessions/${ids[0]}`), 401, 'UNAUTHORIZED');
    });

    it.each(BAD_IDS)('answers 404 for %s as zone id', async (_label, id) => {
      expectError(await listSessions(id), 404, 'NOT_FOUND');
    });

    it.each(BAD_IDS)('answers 404 for %s as session id', async (_label, id) => {
      expectError(await getSession(id), 404, 'NOT_FOUND');
    });

    it('does not serve a zone id as a session id', async () => {
      expectError(await getSession(listZoneId), 404, 'NOT_FOUND');
    });
  });

  describe('PATCH /api/sessions/:id', () => {
    // A zone of its own: a zone runs at most 12 live sessions.
    let zoneId: string;
    beforeAll(async () => {
      zoneId = (await createZone(t, { name: '修改摊区' })).id;
    });

    const patch = (id: string, body: unknown) =>
      t.http
        .patch(`/api/sessions/${id}`)
        .set(staff)
        .send(body as object);

    it('renames without touching the timing', async () => {
      const before = await createSession(t, zoneId, { name: 'to rename', validUntil: '2027-01-31' });
      const res = await patch(before.id, { name: '夜市 night' }).expect(200);
      expect(res.body).toEqual({ ...before, name: '夜市 night' });
      expect((await getSession(before.id).expect(200)).body).toEqual({ ...before, name: '夜市 night' });
      const day = await schedule(zoneId, '2026-12-01', '2026-12-01').expect(200);
      expect(day.body.items.filter((i: { sessionId: string }) => i.sessionId === before.id)).toEqual([
        expect.objectContaining({ name: '夜市 night', start: '2026-12-01T06:00:00+08:00' }),
      ]);
    });

    it('changes times and rule when no claims exist, and the schedule follows', async () => {
      const before = await createSession(t, zoneId, { name: 'movable' });
      const res = await patch(before.id, { startTime: '17:00', endTime: '21:00', rrule: 'FREQ=WEEKLY;BYDAY=SA' }).expect(200);
      expect(res.body).toEqual({ ...before, startTime: '17:00', endTime: '21:00', rrule: 'FREQ=WEEKLY;BYDAY=SA' });
      const week = await schedule(zoneId, '2026-12-01', '2026-12-07').expect(200);
      expect(week.body.items.filter((i: { sessionId: string }) => i.sessionId === before.id)).toEqual([
        expect.objectContaining({ date: '2026-12-05', start: '2026-12-05T17:00:00+08:00', end: '2026-12-05T21:00:00+08:00' }),
      ]);
    });

    it('turns a session overnight when endTime moves before startTime', async () => {
      const before = await createSession(t, zoneId, { name: 'late' });
      const res = await patch(before.id, { startTime: '22:00', endTime: '03:00' }).expect(200);
      expect(res.body.overnight).toBe(true);
    });

    it('clears validUntil with null', async () => {
      const before = await createSession(t, zoneId, { name: 'bounded', validUntil: '2026-12-02' });
      const res = await patch(before.id, { validUntil: null }).expect(200);
      expect(res.body).toEqual({ ...before, validUntil: null });
      expect((await getSession(before.id).expect(200)).body.validUntil).toBeNull();
      const days = await schedule(zoneId, '2026-12-01', '2026-12-04').expect(200);
      const dates = days.body.items.filter((i: { sessionId: string }) => i.sessionId === before.id).map((i: { date: string }) => i.date);
      expect(dates).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    });

    it('sets validUntil', async () => {
      const before = await createSession(t, zoneId, { name: 'to bound' });
      const res = await patch(before.id, { validUntil: '2026-12-31' }).expect(200);
      expect(res.body).toEqual({ ...before, validUntil: '2026-12-31' });
    });

    describe('refusals change nothing', () => {
      let before: { id: string; [key: string]: unknown };
      beforeAll(async () => {
        before = await createSession(t, zoneId, { name: 'steady', rrule: 'FREQ=WEEKLY;BYDAY=SA,SU', validUntil: '2027-03-31' });
      });
      afterEach(async () => {
        expect((await getSession(before.id).expect(200)).body).toEqual(before);
      });

      it.each(['FREQ=MINUTELY', 'FREQ=DAILY;BYHOUR=18', 'FREQ=DAILY;INTERVAL=0', 'FREQ=DAILY;COUNT=100000000', 'garbage', 'FREQ=DAILY\n'])(
        're-validates rrule %j',
        async (rrule) => {
          expectError(await patch(before.id, { rrule }), 400, 'INVALID_RECURRENCE');
        },
      );

      it('refuses a rule that never occurs', async () => {
        expectError(await patch(before.id, { rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }), 400, 'INVALID_RECURRENCE');
      });

      it('refuses a rule with no occurrence before validUntil', async () => {
        expectError(await patch(before.id, { rrule: 'FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1' }), 400, 'INVALID_RECURRENCE');
      });

      it('refuses a bad rule even when the name changes with it', async () => {
        expectError(await patch(before.id, { name: 'renamed', rrule: 'FREQ=HOURLY' }), 400, 'INVALID_RECURRENCE');
      });

      it('refuses validUntil before validFrom', async () => {
        expectError(await patch(before.id, { validUntil: '2026-11-30' }), 400, 'VALIDATION_FAILED', 'validUntil');
        expectError(await patch(before.id, { validFrom: '2027-04-01' }), 400, 'VALIDATION_FAILED');
      });

      it.each([
        [{ startTime: '24:00' }, 'startTime'],
        [{ endTime: '9:00' }, 'endTime'],
        [{ validFrom: '2026-02-30' }, 'validFrom'],
        [{ validUntil: 'never' }, 'validUntil'],
        [{ name: '' }, 'name'],
        [{ colour: 'red' }, 'colour'],
        [{ zoneId: randomUUID() }, 'zoneId'],
      ])('refuses %j', async (body, field) => {
        expectError(await patch(before.id, body), 400, 'VALIDATION_FAILED', field);
      });

      it('refuses vendors and anonymous callers', async () => {
        expectError(await t.http.patch(`/api/sessions/${before.id}`).set(vendor).send({ name: 'x' }), 403, 'FORBIDDEN');
        expectError(await t.http.patch(`/api/sessions/${before.id}`).send({ name: 'x' }), 401, 'UNAUTHORIZED');
      });
    });

    it.each(BAD_IDS)('answers 404 for %s as session id', async (_label, id) => {
      expectError(await patch(id, { name: 'x' }), 404, 'NOT_FOUND');
    });
  });

  describe('DELETE /api/sessions/:id', () => {
    it('deletes a session without claims: gone from reads, list and schedule', async () => {
      const deleteZoneId = (await createZone(t, { name: '删除摊区' })).id;
      const keep = await createSession(t, deleteZoneId, { name: 'keep' });
      const gone = await createSession(t, deleteZoneId, { name: 'gone' });

      const res = await t.http.delete(`/api/sessions/${gone.id}`).set(staff).expect(204);
      expect(res.text).toBe('');

      expectError(await getSession(gone.id), 404, 'NOT_FOUND');
      const list = await listSessions(deleteZoneId).expect(200);
      expect(list.body).toEqual({ items: [keep], total: 1 });
      const week = await schedule(deleteZoneId, '2026-12-01', '2026-12-03').expect(200);
      expect(week.body.items.map((i: { sessionId: string }) => i.sessionId)).toEqual([keep.id, keep.id, keep.id]);

      expectError(await t.http.delete(`/api/sessions/${gone.id}`).set(staff), 404, 'NOT_FOUND');
      expectError(await t.http.patch(`/api/sessions/${gone.id}`).set(staff).send({ name: 'back' }), 404, 'NOT_FOUND');
      const cancel = await t.http.post(`/api/sessions/${gone.id}/cancellations`).set(staff).send({ date: '2026-12-01', reason: 'x' });
      expectError(cancel, 404, 'NOT_FOUND');
    });

    it('refuses vendors and anonymous callers, and the session stays', async () => {
      const session = await createSession(t, zoneId, { name: 'protected' });
      expectError(await t.http.delete(`/api/sessions/${session.id}`).set(vendor), 403, 'FORBIDDEN');
      expectError(await t.http.delete(`/api/sessions/${session.id}`), 401, 'UNAUTHORIZED');
      expect((await getSession(session.id).expect(200)).body).toEqual(session);
    });

    it.each(BAD_IDS)('answers 404 for %s as session id', async (_label, id) => {
      expectError(await t.http.delete(`/api/sessions/${id}`).set(staff), 404, 'NOT_FOUND');
    });
  });

  describe('cancellations', () => {
    let cancelZoneId: string;
    let session: { id: string; [key: string]: unknown };
    const cancel = (id: string, body: unknown) =>
      t.http
        .post(`/api/sessions/${id}/cancellations`)
        .set(staff)
        .send(body as object);
    const restore = (id: string, date: string) => t.http.delete(`/api/sessions/${id}/cancellations/${date}`).set(staff);
    const day = async (date: string) => {
      const res = await schedule(cancelZoneId, date, date).expect(200);
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0];
    };

    beforeAll(async () => {
      cancelZoneId = (await createZone(t, { name: '取消摊区' })).id;
      // Weekends of December 2026: 5, 6, 12, 13, 19, 20, 26, 27.
      session = await createSession(t, cancelZoneId, {
        name: 'weekend',
        rrule: 'FREQ=WEEKLY;BYDAY=SA,SU',
        validFrom: '2026-12-01',
        validUntil: '2026-12-31',
      });
    });

    it('cancels an occurrence; the schedule shows it with its reason (Chinese text round-trips)', async () => {
      const reason = '暴雨红色预警，今日休市 / heavy rain';
      const res = await cancel(session.id, { date: '2026-12-05', reason }).expect(201);
      expect(res.body).toEqual({ sessionId: session.id, date: '2026-12-05', reason, claimsCancelled: 0 });

      const week = await schedule(cancelZoneId, '2026-12-05', '2026-12-06').expect(200);
      expect(week.body.items).toEqual([
        {
          sessionId: session.id,
          name: 'weekend',
          date: '2026-12-05',
          start: '2026-12-05T06:00:00+08:00',
          end: '2026-12-05T09:00:00+08:00',
          cancelled: true,
          reason,
        },
        {
          sessionId: session.id,
          name: 'weekend',
          date: '2026-12-06',
          start: '2026-12-06T06:00:00+08:00',
          end: '2026-12-06T09:00:00+08:00',
          cancelled: false,
        },
      ]);
    });

    it('is idempotent: cancelling twice answers 201 and keeps the first reason', async () => {
      const first = await cancel(session.id, { date: '2026-12-12', reason: '元旦调休' }).expect(201);
      const second = await cancel(session.id, { date: '2026-12-12', reason: 'another reason' }).expect(201);
      expect(second.body).toEqual(first.body);
      expect(second.body).toEqual({ sessionId: session.id, date: '2026-12-12', reason: '元旦调休', claimsCancelled: 0 });
      expect(await day('2026-12-12')).toMatchObject({ cancelled: true, reason: '元旦调休' });
    });

    it('restores a cancelled occurrence', async () => {
      await cancel(session.id, { date: '2026-12-13', reason: '大风' }).expect(201);
      const res = await restore(session.id, '2026-12-13').expect(204);
      expect(res.text).toBe('');
      const item = await day('2026-12-13');
      expect(item).toMatchObject({ date: '2026-12-13', cancelled: false });
      expect(item).not.toHaveProperty('reason');
      expectError(await restore(session.id, '2026-12-13'), 404, 'NOT_FOUND');
      // and it can be cancelled again, with a new reason
      const again = await cancel(session.id, { date: '2026-12-13', reason: '寒潮' }).expect(201);
      expect(again.body.reason).toBe('寒潮');
      expect(await day('2026-12-13')).toMatchObject({ cancelled: true, reason: '寒潮' });
    });

    it('answers 404 when restoring an occurrence that is not cancelled, and changes nothing', async () => {
      expectError(await restore(session.id, '2026-12-19'), 404, 'NOT_FOUND');
      expectError(await restore(session.id, '2026-12-16'), 404, 'NOT_FOUND');
      expect(await day('2026-12-19')).toMatchObject({ cancelled: false });
    });

    it.each(['2026-13-01', '2026-02-30', 'tomorrow', '20261219', '2026-12-19T00:00:00'])(
      'answers 404 for the malformed path date %s',
      async (date) => {
        expectError(await restore(session.id, date), 404, 'NOT_FOUND');
      },
    );

    it.each([
      ['a weekday the rule skips', '2026-12-07'],
      ['a date before validFrom', '2026-11-29'],
      ['a date after validUntil', '2027-01-02'],
    ])('refuses %s with 422 NOT_AN_OCCURRENCE, creating nothing', async (_label, date) => {
      expectError(await cancel(session.id, { date, reason: '台风' }), 422, 'NOT_AN_OCCURRENCE');
      expectError(await restore(session.id, date), 404, 'NOT_FOUND');
    });

    it('refuses a date past the COUNT of a counted rule', async () => {
      const counted = await createSession(t, cancelZoneId, { name: 'three times', rrule: 'FREQ=DAILY;COUNT=3' });
      expectError(await cancel(counted.id, { date: '2026-12-04', reason: '台风' }), 422, 'NOT_AN_OCCURRENCE');
      const res = await cancel(counted.id, { date: '2026-12-03', reason: '台风' }).expect(201);
      expect(res.body).toEqual({ sessionId: counted.id, date: '2026-12-03', reason: '台风', claimsCancelled: 0 });
      await t.http.delete(`/api/sessions/${counted.id}`).set(staff).expect(204);
    });

    it.each([
      [{ date: '2026-12-19', reason: '雨'.repeat(501) }, 'reason'],
      [{ date: '2026-12-19', reason: 42 }, 'reason'],
      [{ date: '2026-12-19' }, 'reason'],
      [{ reason: '台风' }, 'date'],
      [{ date: '2026-12-19', reason: '' }, 'reason'],
      [{ date: '2026-12-32', reason: '台风' }, 'date'],
      [{ date: '19/12/2026', reason: '台风' }, 'date'],
      [{ date: '2026-12-19', reason: '台风', claimsCancelled: 5 }, 'claimsCancelled'],
    ])('refuses %j with VALIDATION_FAILED, creating nothing', async (body, field) => {
      expectError(await cancel(session.id, body), 400, 'VALIDATION_FAILED', field);
      expect(await day('2026-12-19')).toMatchObject({ cancelled: false });
    });

    it('refuses vendors and anonymous callers', async () => {
      const body = { date: '2026-12-20', reason: '台风' };
      expectError(await t.http.post(`/api/sessions/${session.id}/cancellations`).set(vendor).send(body), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/sessions/${session.id}/cancellations`).send(body), 401, 'UNAUTHORIZED');
      expect(await day('2026-12-20')).toMatchObject({ cancelled: false });

      await cancel(session.id, { date: '2026-12-26', reason: '圣诞' }).expect(201);
      expectError(await t.http.delete(`/api/sessions/${session.id}/cancellations/2026-12-26`).set(vendor), 403, 'FORBIDDEN');
      expectError(await t.http.delete(`/api/sessions/${session.id}/cancellations/2026-12-26`), 401, 'UNAUTHORIZED');
      expect(await day('2026-12-26')).toMatchObject({ cancelled: true, reason: '圣诞' });
    });

    it.each(BAD_IDS)('answers 404 for %s as session id', async (_label, id) => {
      expectError(await cancel(id, { date: '2026-12-19', reason: '台风' }), 404, 'NOT_FOUND');
      expectError(await restore(id, '2026-12-19'), 404, 'NOT_FOUND');
    });
  });
});

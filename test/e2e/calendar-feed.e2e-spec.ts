import ICAL from 'ical.js';
import { createSession, createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';

interface Run {
  date: string;
  start: number;
  end: number;
}

/**
 * Every run an independent iCalendar parser (ical.js) reads out of the feed
 * between two instants: VTIMEZONEs registered, RRULE expanded from DTSTART,
 * EXDATEs left out.
 */
function expand(feed: string, from: number, to: number): Run[] {
  const calendar = new ICAL.Component(ICAL.parse(feed));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const runs: Run[] = [];
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const length = event.endDate.toUnixTime() - event.startDate.toUnixTime();
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.toUnixTime() * 1000 <= to; next = iterator.next()) {
      const start = next.toUnixTime() * 1000;
      // The local date, as the zone's calendar reads it (the DTSTART's zone is the zone's).
      if (start >= from) runs.push({ date: next.toString().slice(0, 10), start, end: start + length * 1000 });
    }
  }
  return runs.sort((a, b) => a.start - b.start || a.date.localeCompare(b.date));
}

describe('calendar.ics', () => {
  const t = useTestApp();

  async function roundTrip(
    zoneOverrides: Record<string, unknown>,
    sessions: Record<string, unknown>[],
    cancelled: [number, string][],
    from: string,
    to: string,
  ) {
    const zone = await createZone(t, zoneOverrides);
    const created = [];
    for (const session of sessions) created.push(await createSession(t, zone.id, session));
    for (const [index, date] of cancelled) {
      await t.http
        .post(`/api/sessions/${created[index].id}/cancellations`)
        .set(bearer(t.staffToken))
        .send({ date, reason: '暴雨预警' })
        .expect(201);
    }
    const feed = await t.http.get(`/api/public/zones/${zone.id}/calendar.ics`).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const schedule = (await t.http.get(`/api/public/zones/${zone.id}/schedule?from=${from}&to=${to}`).expect(200)).body.items as {
      date: string;
      start: string;
      end: string;
      cancelled: boolean;
    }[];
    const expected = schedule
      .filter((item) => !item.cancelled)
      .map((item) => ({ date: item.date, start: Date.parse(item.start), end: Date.parse(item.end) }));
    const first = Math.min(...schedule.map((item) => Date.parse(item.start)));
    const last = Math.max(...schedule.map((item) => Date.parse(item.start)));
    return { feed: feed.text, expected, found: expand(feed.text, first, last) };
  }

  it('reads back, in a parser of its own, exactly the schedule of 30 days in Asia/Shanghai, cancellations included', async () => {
    const { feed, expected, found } = await roundTrip(
      { name: '上海时区摊区', timezone: 'Asia/Shanghai' },
      [
        { name: 'morning', startTime: '06:00', endTime: '09:00', rrule: 'FREQ=DAILY', validFrom: '2026-12-01' },
        { name: 'weekend evening', startTime: '18:00', endTime: '21:30', rrule: 'FREQ=WEEKLY;BYDAY=SA,SU', validFrom: '2026-12-01' },
        { name: 'night', startTime: '22:00', endTime: '02:00', rrule: 'FREQ=DAILY;INTERVAL=3;COUNT=8', validFrom: '2026-12-02' },
        {
          name: 'first saturday',
          startTime: '07:00',
          endTime: '12:00',
          rrule: 'FREQ=MONTHLY;BYDAY=1SA',
          validFrom: '2026-12-01',
          validUntil: '2026-12-20',
        },
      ],
      [
        [0, '2026-12-05'],
        [1, '2026-12-13'],
        [2, '2026-12-08'],
      ],
      '2026-12-01',
      '2026-12-30',
    );
    expect(feed).toContain('TZID:Asia/Shanghai');
    expect(feed).toMatch(/EXDATE;TZID=Asia\/Shanghai:20261205T060000/);
    expect(expected.length).toBeGreaterThan(40);
    expect(found).toEqual(expected);
  });

  it('does the same in a zone with daylight saving time, across its change (Europe/Berlin, March 2027)', async () => {
    t.clock.set('2027-03-10T10:00:00+01:00');
    const { expected, found } = await roundTrip(
      { name: 'Berlin DST', timezone: 'Europe/Berlin', latitude: 52.52, longitude: 13.405 },
      [
        { name: 'morning', startTime: '06:00', endTime: '09:00', rrule: 'FREQ=DAILY', validFrom: '2027-03-15' },
        { name: 'night', startTime: '22:00', endTime: '04:00', rrule: 'FREQ=WEEKLY;BYDAY=FR,SA', validFrom: '2027-03-15' },
        {
          name: 'last weekday',
          startTime: '16:00',
          endTime: '19:00',
          rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
          validFrom: '2027-03-15',
        },
      ],
      [
        [0, '2027-03-28'],
        [1, '2027-03-27'],
      ],
      '2027-03-15',
      '2027-04-13',
    );
    // 06:00 keeps its wall-clock time on both sides of the change on 03-28.
    expect(found.find((run) => run.date === '2027-03-27')).toMatchObject({ start: Date.parse('2027-03-27T06:00:00+01:00') });
    expect(found.find((run) => run.date === '2027-03-29')).toMatchObject({ start: Date.parse('2027-03-29T06:00:00+02:00') });
    expect(found).toEqual(expected);
  });
});

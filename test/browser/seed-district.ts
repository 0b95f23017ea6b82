/**
 * A small district for the browser test, built through the HTTP API as staff (and as vendors
 * for their claims), so it holds exactly what the service itself would: three markets around
 * Nanchuan's centre, the nearest one open at the real current time with a second session later
 * today, two vendors holding stalls today (one checked in), and tomorrow's run of that second
 * session cancelled for rain. One function, to be swapped for the demo district's seeder.
 */

import { addDays } from '../../src/recurrence/calendar.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface SeededZone {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface SeededDistrict {
  /** The staff token used to seed (for reading feedback back). */
  staffToken: string;
  /** zones[0] is the one nearest to `near`. */
  zones: SeededZone[];
  /** A point 100 m or so from zones[0]. */
  near: { latitude: number; longitude: number };
  /** The time zone the markets run in (see pickTimezone). */
  timezone: string;
  cancellation: { date: string; reason: string };
  /** zones[0]'s stall held today by a checked-in vegetable grower. */
  checkedInStall: { id: string; code: string; holder: string };
  /** zones[0]'s stall held today by a fruit farmer not yet checked in. */
  waitingStall: { id: string; code: string; holder: string };
}

const CENTRE = { latitude: 29.1577, longitude: 107.0991 };

/** One JSON call to the app as its clients make it; anything but 2xx throws with the answer. */
export async function call<T>(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Local date and minutes since midnight in a time zone, now. */
function localNow(timezone: string, at = new Date()): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * The app reads the real clock, so the seeded sessions are placed around the real time: one
 * open now (from an hour ago to 10 minutes ahead) and one starting in 20 minutes (so vendors may
 * still claim it and check in). Both must fall on today's local date, which is not so in the
 * last and first hours of a day: Asia/Shanghai, or Asia/Dubai (four hours behind) then.
 */
function pickTimezone(): string {
  for (const timezone of ['Asia/Shanghai', 'Asia/Dubai']) {
    const { minutes } = localNow(timezone);
    if (minutes >= 75 && minutes <= 22 * 60) return timezone;
  }
  throw new Error('unreachable: the two zones are four hours apart');
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export async function seedDistrict(baseUrl: string, admin: Credentials): Promise<SeededDistrict> {
  const { accessToken: staff } = await call<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/login', null, admin);
  const timezone = pickTimezone();
  const { date: today, minutes } = localNow(timezone);
  const post = <T>(path: string, body: unknown, token: string | null = staff) => call<T>(baseUrl, 'POST', path, token, body);

  const specs = [
    { name: '东城潮汐摊区', address: '金佛大道 18 号旁', dLat: 0.0023, dLng: 0.0019 },
    { name: '西街潮汐摊区', address: '西街社区南门外', dLat: -0.0047, dLng: -0.0091 },
    { name: '北湖潮汐摊区', address: '北湖路 6 号停车场', dLat: 0.0123, dLng: 0.0059 },
  ];
  const zones: SeededZone[] = [];
  for (const spec of specs) {
    const zone = await post<{ id: string }>('/api/zones', {
      name: spec.name,
      district: '南川区',
      address: spec.address,
      latitude: CENTRE.latitude + spec.dLat,
      longitude: CENTRE.longitude + spec.dLng,
      timezone,
    });
    zones.push({ id: zone.id, name: spec.name, latitude: CENTRE.latitude + spec.dLat, longitude: CENTRE.longitude + spec.dLng });
  }
  const [east, west, north] = zones;

  // The nearest market: open now, and a second session later today whose run tomorrow is cancelled.
  const nowName = minutes < 11 * 60 ? 'morning' : minutes < 16 * 60 ? 'noon' : 'evening';
  await post(`/api/zones/${east.id}/sessions`, {
    name: nowName,
    startTime: hhmm(minutes - 60),
    endTime: hhmm(minutes + 10),
    rrule: 'FREQ=DAILY',
    validFrom: today,
  });
  const later = await post<{ id: string }>(`/api/zones/${east.id}/sessions`, {
    name: 'night',
    startTime: hhmm(minutes + 20),
    endTime: hhmm(Math.min(minutes + 180, 23 * 60 + 59)),
    rrule: 'FREQ=DAILY',
    validFrom: today,
  });
  const cancellation = { date: addDays(today, 1), reason: '暴雨预警，停市一天' };
  await post(`/api/sessions/${later.id}/cancellations`, cancellation);
  const vegetables = await post<{ items: { id: string; code: string }[] }>(`/api/zones/${east.id}/stalls/bulk`, {
    prefix: 'A',
    count: 6,
    category: 'vegetables',
  });
  const fruit = await post<{ items: { id: string; code: string }[] }>(`/api/zones/${east.id}/stalls/bulk`, {
    prefix: 'B',
    count: 3,
    category: 'fruit',
  });

  // The other two: an evening market every day, a weekend morning market.
  await post(`/api/zones/${west.id}/sessions`, {
    name: 'evening',
    startTime: '18:00',
    endTime: '21:00',
    rrule: 'FREQ=DAILY',
    validFrom: today,
  });
  await post(`/api/zones/${north.id}/sessions`, {
    name: 'morning',
    startTime: '06:00',
    endTime: '09:00',
    rrule: 'FREQ=WEEKLY;BYDAY=SA,SU',
    validFrom: today,
  });
  await post(`/api/zones/${west.id}/stalls/bulk`, { prefix: 'C', count: 4, category: 'general' });

  // Two approved vendors hold stalls on the later session today; the grower checks in.
  const holders = [
    { name: '张桂兰', kind: 'vegetable_farmer', categories: ['vegetables'], stall: vegetables.items[0], checkIn: true },
    { name: '李建国', kind: 'fruit_farmer', categories: ['fruit'], stall: fruit.items[0], checkIn: false },
  ];
  for (const [index, holder] of holders.entries()) {
    const phone = `1390000${String(Date.now() % 10_000).padStart(4, '0')}`.slice(0, 10) + String(index);
    const password = 'secret-123';
    const vendor = await post<{ id: string }>(
      '/api/vendors/register',
      { name: holder.name, phone, password, kind: holder.kind, categories: holder.categories },
      null,
    );
    await post(`/api/vendors/${vendor.id}/approve`, undefined);
    const { accessToken } = await post<{ accessToken: string }>('/api/auth/login', { username: phone, password }, null);
    const claim = await post<{ id: string }>('/api/claims', { stallId: holder.stall.id, sessionId: later.id, date: today }, accessToken);
    if (holder.checkIn) await post(`/api/claims/${claim.id}/check-in`, undefined, accessToken);
  }

  return {
    staffToken: staff,
    zones,
    near: { latitude: east.latitude + 0.0008, longitude: east.longitude + 0.0006 },
    timezone,
    cancellation,
    checkedInStall: { ...vegetables.items[0], holder: '张*' },
    waitingStall: { ...fruit.items[0], holder: '李*' },
  };
}

// Seeds (or refreshes) the demo district into a SQLite file, through the app's own HTTP API.
//
// The built app (dist/, `npm run build`) runs in this process on the file, with one change: its
// Clock is one this module moves. Every request goes through Fastify and Nest exactly as from a
// phone (`inject`: routing, guards, validation, the claim rules, the write queue), so every rule
// and constraint applies. The moved clock is what lets the past week happen honestly: for each
// past day the clock stands at dawn while vendors claim that day's runs, then minutes after each
// run's start while they check in; a claim nobody checked in ends as a no-show by the app's own
// sweeper. Then the clock returns to now for today's and the coming days' claims, the rain
// cancellation and the residents' feedback.
//
// A second run finds the district by its marker and names, creates only what is missing (zones,
// stalls, sessions, vendors, feedback are never duplicated) and fills the rolling window
// (7 days back to 6 days ahead) with the claims the plan gives and the file does not hold.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DISTRICT,
  FULL_SCALE,
  MARKER,
  TIMEZONE,
  VENDOR_PASSWORD,
  addDays,
  dayOf,
  instant,
  localToday,
  planDistrict,
  stallCode,
} from './district.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const PAST_DAYS = 7;
const COMING_DAYS = 6;
/** How many requests are in flight at once (claims commit together: one fsync for many). */
const PARALLEL = 16;
/** Registrations hash a password each (scrypt, ≈ 150 ms of one core); a few at a time keep both cores busy. */
const PARALLEL_REGISTRATIONS = 4;
const RAIN = { daysAhead: 2, session: '晚市', reason: '暴雨黄色预警：今晚夜市暂停一次，请摊主和居民注意安全' };

/**
 * Seeds the district into `databasePath` (created with the migrations when missing) and returns
 * what it found and did. `scale` = { zones, stalls, vendors, pendingVendors } (FULL_SCALE by
 * default); `now` = the instant taken as "now" (default the system clock).
 */
export async function seedDemoDistrict({
  databasePath,
  adminUsername = 'admin',
  adminPassword,
  scale = FULL_SCALE,
  now = Date.now(),
  log = () => {},
}) {
  const started = performance.now();
  const plan = planDistrict(scale);
  const today = localToday(now);
  const app = await startInProcess({ databasePath, adminUsername, adminPassword }, now);
  const summary = {
    today,
    zones: { created: 0, existing: 0 },
    stalls: { created: 0 },
    sessions: { created: 0 },
    vendors: { created: 0, existing: 0, approved: 0 },
    claims: { created: 0, existing: 0, refused: {}, checkedIn: 0, cancelled: 0 },
    cancellations: 0,
    feedback: { created: 0, resolved: 0 },
    noShowsRecorded: 0,
  };
  try {
    const staff = await app.login(adminUsername, adminPassword);
    // The district's frame is laid down as of a week ago (the first run's sessions start then).
    app.clock.set(Math.min(now, instant(addDays(today, -PAST_DAYS), '04:00')));
    const zones = await ensureZones(app, staff, plan, addDays(today, -PAST_DAYS), summary);
    log(`zones: ${summary.zones.created} created, ${summary.zones.existing} already there`);
    const vendors = await ensureVendors(app, staff, plan, summary);
    log(`vendors: ${summary.vendors.created} registered, ${summary.vendors.approved} approved, ${summary.vendors.existing} already there`);
    await playWeek(app, zones, vendors, today, now, summary);
    log(`claims: ${summary.claims.created} made, ${summary.claims.existing} already there, ${summary.claims.checkedIn} checked in`);
    app.clock.set(now);
    summary.cancellations = await ensureRain(app, staff, plan, zones, today);
    summary.noShowsRecorded += await app.sweepNoShows();
    await ensureFeedback(app, staff, plan, zones, now, summary);
    app.clock.set(now);
  } finally {
    await app.close();
  }
  summary.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  return summary;
}

// ---------------------------------------------------------------- the app in this process
async function startInProcess({ databasePath, adminUsername, adminPassword }, now) {
  if (!existsSync(`${DIST}main.js`)) throw new Error('dist/main.js is missing: run `npm run build` first');
  const { Test } = await import('@nestjs/testing');
  const { JwtService } = await import('@nestjs/jwt');
  const { SchedulerRegistry } = await import('@nestjs/schedule');
  const { AppModule } = await import(`${DIST}app.module.js`);
  const { configureApp, createAdapter, NEST_APP_OPTIONS } = await import(`${DIST}app.setup.js`);
  const { Clock } = await import(`${DIST}common/clock.js`);
  const { loadConfig } = await import(`${DIST}config/app-config.js`);
  const { ClaimSweeper } = await import(`${DIST}claims/claim.sweeper.js`);

  const config = loadConfig({
    DATABASE_PATH: databasePath,
    ADMIN_USERNAME: adminUsername,
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
    // Every request of the seeding comes from one address.
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    FEEDBACK_RATE_LIMIT_PER_HOUR: '10000',
  });
  let current = now;
  const clock = { now: () => current, set: (at) => (current = at) };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication(createAdapter(config), NEST_APP_OPTIONS);
  app.useLogger(false);
  await configureApp(app, config);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  // The sweeps would run on real minutes at whatever the moved clock says; the seeding calls them itself.
  const registry = app.get(SchedulerRegistry);
  for (const name of registry.getIntervals()) registry.deleteInterval(name);
  const jwt = app.get(JwtService);

  const request = async (method, url, { token, body } = {}) => {
    const response = await fastify.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });
    const json = response.body ? safeJson(response.body) : null;
    return { status: response.statusCode, json };
  };
  const expect = async (status, method, url, options) => {
    const response = await request(method, url, options);
    if (response.status !== status)
      throw new Error(`${method} ${url}: expected ${status}, got ${response.status} ${JSON.stringify(response.json)}`);
    return response.json;
  };
  return {
    clock,
    request,
    expect,
    login: async (username, password) => (await expect(200, 'POST', '/api/auth/login', { body: { username, password } })).accessToken,
    /** A vendor's token as the app's login would sign it (the seeding skips 240 password checks of ≈ 150 ms). */
    vendorToken: (id) => jwt.sign({ sub: id, role: 'vendor' }, { expiresIn: 3600 }),
    sweepNoShows: async () => {
      const sweeper = app.get(ClaimSweeper);
      let total = 0;
      for (let n = await sweeper.sweep(); n > 0; n = await sweeper.sweep()) total += n;
      return total;
    },
    close: () => app.close(),
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Runs `fn` over `items`, `width` at a time, in order of start. */
async function inParallel(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Every page of a list route. */
async function listAll(app, token, path) {
  const items = [];
  for (let offset = 0; ; offset += 200) {
    const page = await app.expect(200, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=200&offset=${offset}`, { token });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

// ---------------------------------------------------------------- zones, stalls, sessions
async function ensureZones(app, staff, plan, validFrom, summary) {
  const existing = new Map(
    (await listAll(app, staff, `/api/zones?district=${encodeURIComponent(DISTRICT)}`))
      .filter((zone) => zone.description === MARKER)
      .map((zone) => [zone.name, zone]),
  );
  return inParallel(plan.zones, 4, async (spec) => {
    let zone = existing.get(spec.name);
    if (zone) summary.zones.existing++;
    else {
      zone = await app.expect(201, 'POST', '/api/zones', {
        token: staff,
        body: {
          name: spec.name,
          district: DISTRICT,
          address: spec.address,
          latitude: spec.latitude,
          longitude: spec.longitude,
          timezone: TIMEZONE,
          description: MARKER,
        },
      });
      summary.zones.created++;
    }
    const stalls = new Map((await listAll(app, staff, `/api/zones/${zone.id}/stalls`)).map((stall) => [stall.code, stall]));
    for (const block of spec.blocks) {
      if (block.count === 0 || stalls.has(stallCode(block, 0))) continue;
      const made = await app.expect(201, 'POST', `/api/zones/${zone.id}/stalls/bulk`, {
        token: staff,
        body: { prefix: block.prefix, count: block.count, category: block.category },
      });
      for (const stall of made.items) stalls.set(stall.code, stall);
      summary.stalls.created += made.items.length;
    }
    const sessions = new Map(
      (await app.expect(200, 'GET', `/api/zones/${zone.id}/sessions`, { token: staff })).items.map((s) => [s.name, s]),
    );
    for (const s of spec.sessions) {
      if (sessions.has(s.name)) continue;
      const body = { name: s.name, startTime: s.startTime, endTime: s.endTime, rrule: s.rrule, validFrom };
      sessions.set(s.name, await app.expect(201, 'POST', `/api/zones/${zone.id}/sessions`, { token: staff, body }));
      summary.sessions.created++;
    }
    return { spec, id: zone.id, stalls, sessions };
  });
}

// ---------------------------------------------------------------- vendors
async function ensureVendors(app, staff, plan, summary) {
  const existing = new Map((await listAll(app, staff, '/api/vendors')).map((vendor) => [vendor.phone, vendor]));
  return inParallel(plan.vendors, PARALLEL_REGISTRATIONS, async (spec) => {
    let vendor = existing.get(spec.phone);
    if (vendor) summary.vendors.existing++;
    else {
      const body = { name: spec.name, phone: spec.phone, password: VENDOR_PASSWORD, kind: spec.kind, categories: spec.categories };
      vendor = await app.expect(201, 'POST', '/api/vendors/register', { body });
      summary.vendors.created++;
    }
    if (!spec.pending && vendor.status === 'pending') {
      vendor = await app.expect(200, 'POST', `/api/vendors/${vendor.id}/approve`, { token: staff });
      summary.vendors.approved++;
    }
    return { spec, id: vendor.id, token: app.vendorToken(vendor.id) };
  });
}

// ---------------------------------------------------------------- the rolling week of claims
async function playWeek(app, zones, vendors, today, now, summary) {
  const from = addDays(today, -PAST_DAYS);
  const to = addDays(today, COMING_DAYS);
  app.clock.set(now);
  // What each vendor already holds in the window, any status: a day with a claim is not claimed again.
  const held = new Map();
  await inParallel(vendors, PARALLEL, async (vendor) => {
    if (vendor.spec.pending) return;
    for (const claim of await listAll(app, vendor.token, `/api/vendors/me/claims?from=${from}&to=${to}`))
      held.set(`${vendor.id} ${claim.date}`, claim);
  });
  for (let d = -PAST_DAYS; d <= COMING_DAYS; d++) {
    const date = addDays(today, d);
    const day = [];
    for (const vendor of vendors) {
      const zone = vendor.spec.place && zones[vendor.spec.place.zoneIndex];
      const what = zone && dayOf(vendor.spec, date, zone.spec);
      if (!what) continue;
      const session = zone.sessions.get(what.session.name);
      const start = instant(date, what.session.startTime);
      day.push({ vendor, zone, plan: what, session, start, claim: held.get(`${vendor.id} ${date}`) ?? null });
    }
    // Claims are made at dawn of their day (or now, for days ahead and when dawn is still to come).
    app.clock.set(Math.min(now, instant(date, '04:30')));
    await inParallel(
      day.filter((entry) => !entry.claim),
      PARALLEL,
      async (entry) => {
        const body = { stallId: entry.zone.stalls.get(entry.vendor.spec.place.stallCode).id, sessionId: entry.session.id, date };
        const answer = await app.request('POST', '/api/claims', { token: entry.vendor.token, body });
        if (answer.status === 201) {
          entry.claim = answer.json;
          summary.claims.created++;
        } else if (answer.status >= 400 && answer.status < 500 && answer.json?.code) {
          // A rule said no (a run cancelled for rain, a vendor blocked): the district lives with it.
          summary.claims.refused[answer.json.code] = (summary.claims.refused[answer.json.code] ?? 0) + 1;
        } else throw new Error(`POST /api/claims: ${answer.status} ${JSON.stringify(answer.json)}`);
      },
    );
    summary.claims.existing += day.filter((entry) => entry.claim && held.has(`${entry.vendor.id} ${date}`)).length;
    const active = day.filter((entry) => entry.claim && ['confirmed', 'no_show'].includes(entry.claim.status));
    // A few vendors cancel at dawn; for days ahead they cancel now.
    app.clock.set(Math.min(now, instant(date, '05:00')));
    await inParallel(
      active.filter((entry) => entry.plan.fate === 'cancel' && entry.claim.status === 'confirmed'),
      PARALLEL,
      async (entry) => {
        const answer = await app.request('POST', `/api/claims/${entry.claim.id}/cancel`, { token: entry.vendor.token });
        if (answer.status === 200) summary.claims.cancelled++;
      },
    );
    // Check-ins, run by run, at the minute each vendor arrives (only runs that have begun by now).
    const arrivals = new Map();
    for (const entry of active.filter((e) => e.plan.fate === 'check_in')) {
      const at = entry.start + entry.plan.checkInMinutes * 60_000;
      if (at > now) continue;
      arrivals.set(at, [...(arrivals.get(at) ?? []), entry]);
    }
    for (const at of [...arrivals.keys()].sort((a, b) => a - b)) {
      app.clock.set(at);
      await inParallel(arrivals.get(at), PARALLEL, async (entry) => {
        const answer = await app.request('POST', `/api/claims/${entry.claim.id}/check-in`, { token: entry.vendor.token });
        // 409: it was already checked in, or recorded as a no-show by an earlier sweep.
        if (answer.status === 200) summary.claims.checkedIn++;
        else if (answer.status !== 409) throw new Error(`check-in: ${answer.status} ${JSON.stringify(answer.json)}`);
      });
    }
    // The day's end: the sweeper records who never came (at most today's runs that have ended).
    app.clock.set(Math.min(now, instant(addDays(date, 1), '00:30')));
    summary.noShowsRecorded += await app.sweepNoShows();
  }
}

// ---------------------------------------------------------------- rain, feedback
/** A rainy evening two days ahead in the northern zones, unless a coming run is already cancelled. */
async function ensureRain(app, staff, plan, zones, today) {
  const from = today;
  const to = addDays(today, COMING_DAYS);
  const schedules = await Promise.all(
    zones.map((zone) => app.expect(200, 'GET', `/api/public/zones/${zone.id}/schedule?from=${from}&to=${to}`)),
  );
  if (schedules.some((schedule) => schedule.items.some((item) => item.cancelled))) return 0;
  const date = addDays(today, RAIN.daysAhead);
  // The zones north of the centre: one cloud, one district's worth of evenings.
  const north = zones.filter((zone) => zone.spec.latitude >= plan.zones.reduce((s, z) => s + z.latitude, 0) / plan.zones.length);
  let cancelled = 0;
  for (const zone of north.length ? north : zones.slice(0, 1)) {
    const session = zone.sessions.get(RAIN.session);
    const runs = schedules[zones.indexOf(zone)].items.filter((item) => item.sessionId === session?.id && item.date === date);
    if (runs.length === 0) continue; // a weekend-only evening
    await app.expect(201, 'POST', `/api/sessions/${session.id}/cancellations`, { token: staff, body: { date, reason: RAIN.reason } });
    cancelled++;
  }
  return cancelled;
}

/** Residents' feedback, posted over the past days, for zones that have none yet; some problems resolved. */
async function ensureFeedback(app, staff, plan, zones, now, summary) {
  for (const zone of zones) {
    const there = await app.expect(200, 'GET', `/api/feedback?zoneId=${zone.id}&limit=1`, { token: staff });
    if (there.total > 0) continue;
    for (const [k, item] of zone.spec.feedback.entries()) {
      app.clock.set(now - (k + 1) * 19 * 3_600_000);
      const body = { kind: item.kind, text: item.text, ...(item.category ? { category: item.category } : {}) };
      const { id } = await app.expect(201, 'POST', `/api/public/zones/${zone.id}/feedback`, { body });
      summary.feedback.created++;
      if (item.resolve) {
        app.clock.set(now - k * 19 * 3_600_000 - 3_600_000);
        await app.expect(200, 'POST', `/api/feedback/${id}/resolve`, { token: staff, body: { note: item.resolve } });
        summary.feedback.resolved++;
      }
    }
  }
}

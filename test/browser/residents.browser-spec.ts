import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ServerProcess } from '../support/server-process.js';
import { call, OUTPUT, PHONE, type SeededApp, seriousViolations, startSeededApp } from './browser-support.js';
import type { SeededDistrict } from './seed-district.js';

/**
 * The residents' page in real headless Chromium (Debian's package) on a phone, against the built
 * app (`npm run test:browser` builds first) on a fresh SQLite file, seeded through the API.
 */
const STEP_MS = 30_000;

interface NearbyZone {
  id: string;
  name: string;
  openNow: boolean;
  nextSession: { name: string; start: string; end: string } | null;
}

describe("the residents' page in Chromium", () => {
  let app: SeededApp;
  let server: ServerProcess;
  let district: SeededDistrict;
  let context: BrowserContext;
  let page: Page;
  const started = Date.now();
  let firstPaintMs: number | null = null;

  const shot = (name: string) => page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    app = await startSeededApp();
    ({ server, district } = app);
    context = await app.browser.newContext({ ...PHONE, timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    console.log(
      `browser test: ${((Date.now() - started) / 1000).toFixed(1)} s; first contentful paint of / ${firstPaintMs?.toFixed(0)} ms`,
    );
  });

  it(
    'shows a useful page before the location prompt is answered',
    async () => {
      await page.goto(`${server.url}/`);
      // Heading, explanation, the location button and the district picker, with no permission given.
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('家门口的便民市集');
      await page.getByRole('button', { name: '使用我的位置' }).waitFor();
      await expect(page.getByRole('combobox').locator('option').count()).resolves.toBeGreaterThan(3);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
      // Lighthouse-style: the first contentful paint happened, and before any answer to a prompt.
      const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
      expect(paint).not.toBeNull();
      firstPaintMs = paint;
      expect(paint!).toBeLessThan(5_000);
      await expect(page.locator('#results-heading').count()).resolves.toBe(0);
      await shot('01-before-location');
    },
    STEP_MS,
  );

  it(
    'with a location near a market, lists it first with its open state and next opening',
    async () => {
      const origin = server.url;
      await context.grantPermissions(['geolocation'], { origin });
      await context.setGeolocation(district.near);
      await page.getByRole('button', { name: '使用我的位置' }).click();
      await page.locator('#results-heading').waitFor();
      await page.locator('article.market').first().waitFor();

      // What the API says about the same point now: the page must show exactly that.
      const answer = await call<{ items: NearbyZone[] }>(
        origin,
        'GET',
        `/api/public/zones?lat=${district.near.latitude}&lng=${district.near.longitude}&radius=20000&limit=20`,
        null,
      );
      expect(answer.items.map((z) => z.id).sort()).toEqual(district.zones.map((z) => z.id).sort());
      expect(answer.items[0].id).toBe(district.zones[0].id);
      // The page lists them as the API ordered them (nearest first).
      await expect(page.locator('article.market h3').allTextContents()).resolves.toEqual(answer.items.map((z) => z.name));
      const first = page.locator('article.market').first();
      await expect(first.locator('h3').textContent()).resolves.toBe(district.zones[0].name);
      const nearest = answer.items[0];
      expect(nearest.openNow).toBe(true); // the seed placed a session around now
      await expect(first.locator('.van-tag').textContent()).resolves.toContain('营业中');
      const next = nearest.nextSession!;
      await expect(first.locator('.next').textContent()).resolves.toContain(`${next.start.slice(11, 16)}–${next.end.slice(11, 16)}`);
      await expect(first.locator('.next').textContent()).resolves.toContain('下次开市');
      // Today's claimed stalls by category (one vegetable grower, one fruit farmer).
      await expect(first.textContent()).resolves.toMatch(/今日在摊：蔬菜 1 · 水果 1/);
      const closed = answer.items.findIndex((z) => !z.openNow);
      if (closed >= 0)
        await expect(page.locator('article.market').nth(closed).locator('.van-tag').textContent()).resolves.toContain('未营业');
      // No map box without MAP_TILE_URL.
      await expect(page.locator('.map').count()).resolves.toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await shot('02-nearby');
    },
    STEP_MS,
  );

  it(
    "opens the market's week with the cancellation and its reason, and the calendar link",
    async () => {
      await page.locator('article.market').first().getByRole('button', { name: '查看本周安排' }).click();
      await page.locator('#week-heading').waitFor();
      await page.getByText(`原因：${district.cancellation.reason}`).waitFor();
      await expect(page.locator('.van-tag--danger').first().textContent()).resolves.toContain('已取消');
      await expect(page.getByRole('link', { name: /订阅日历/ }).getAttribute('href')).resolves.toBe(
        `/api/public/zones/${district.zones[0].id}/calendar.ics`,
      );
      await expect(page.locator('body').textContent()).resolves.toContain(`webcal://${new URL(server.url).host}/api/public/zones/`);
      expect(await seriousViolations(page)).toEqual([]);
      await shot('03-week');
    },
    STEP_MS,
  );

  it(
    'switches to English and remembers it',
    async () => {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'This week' }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await page.reload();
      // Location already granted: the page finds the market again, and the language stayed English.
      await page.getByRole('heading', { name: 'This week' }).waitFor();
      await page.getByText(`Reason: ${district.cancellation.reason}`).waitFor();
      await expect(page.locator('.van-tag--danger').first().textContent()).resolves.toContain('Cancelled');
    },
    STEP_MS,
  );

  it(
    "sends feedback: the server's refusal in words, then the thank-you, and staff can read it",
    async () => {
      // Empty text: the server refuses (400) and its message, in English, is shown.
      await page.getByRole('button', { name: 'Send' }).click();
      const alert = page.locator('#feedback [role="alert"]');
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/^Not sent: .*text/);
      const text = `We would like a fruit stall at the evening market <b>${Date.now()}</b>`;
      await page.getByText('Problem', { exact: true }).click();
      await page.getByLabel('Stall category it is about (optional)').selectOption('fruit');
      await page.getByLabel('Your message').fill(text);
      await page.getByLabel('Contact (optional, seen only by city staff)').fill('13800001111');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thank you! Your feedback has been sent').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await shot('04-feedback-sent');

      const stored = await call<{ items: { text: string; kind: string; category: string | null; contact: string | null }[] }>(
        server.url,
        'GET',
        `/api/feedback?zoneId=${district.zones[0].id}`,
        district.staffToken,
      );
      expect(stored.items).toEqual([expect.objectContaining({ text, kind: 'problem', category: 'fruit', contact: '13800001111' })]);
    },
    STEP_MS,
  );

  it(
    "a stall's page shows the zone, sessions and today's masked holders, checked in or not",
    async () => {
      await page.goto(`${server.url}/s/${district.checkedInStall.id}`);
      await page.getByRole('heading', { name: `Stall ${district.checkedInStall.code} · ${district.zones[0].name}` }).waitFor();
      const holder = page.locator('.holder');
      await holder.first().waitFor();
      await expect(holder.first().textContent()).resolves.toMatch(
        new RegExp(`${district.checkedInStall.holder.replace('*', '\\*')}.*Vegetable grower.*Checked in`),
      );
      await expect(page.locator('body').textContent()).resolves.not.toContain('张桂兰');
      await expect(page.getByText('Every day').count()).resolves.toBe(2);
      expect(await seriousViolations(page)).toEqual([]);
      await shot('05-stall');

      await page.goto(`${server.url}/s/${district.waitingStall.id}`);
      await expect(page.locator('.holder').first().textContent()).resolves.toMatch(/李\*.*Fruit farmer.*Not checked in/);
      // The feedback link opens the form for the stall's market.
      await page.getByRole('link', { name: 'Give feedback about this market' }).click();
      await page.locator('#feedback form').waitFor();
    },
    STEP_MS,
  );

  it(
    'an unknown stall gets a friendly not-found page',
    async () => {
      await page.goto(`${server.url}/s/0190f9a0-0000-7000-8000-000000000000`);
      await page.getByRole('heading', { name: 'This stall was not found' }).waitFor();
      await expect(page.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).resolves.toBe('/');
      expect(await seriousViolations(page)).toEqual([]);
    },
    STEP_MS,
  );

  it(
    'the Chinese list, for the README',
    async () => {
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: '中文' }).click();
      await page.locator('article.market').first().waitFor();
      await shot('06-nearby-zh');
    },
    STEP_MS,
  );
});

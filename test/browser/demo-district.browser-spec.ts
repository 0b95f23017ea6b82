import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call, launchChromium, OUTPUT, PHONE, seriousViolations } from './browser-support.js';

/**
 * The residents' page against the demo district itself: `scripts/demo.mjs` (what `npm run demo`
 * runs after building) seeds its 31 zones, 2,100 stalls, vendors, a week of claims, rain and
 * feedback into a temporary file and serves the app on it; a phone at the district's centre then
 * finds the nearest market, its open state and next opening as the API answers them, reads its
 * week, switches to English and sends feedback.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The demo's district centre (scripts/demo/district.mjs) and its fixed staff login. */
const CENTRE = { latitude: 29.158, longitude: 107.099 };
const STAFF = { username: 'admin', password: 'demo-admin-2026' };
const STEP_MS = 60_000;

interface NearbyZone {
  id: string;
  name: string;
  openNow: boolean;
  nextSession: { name: string; start: string; end: string } | null;
}

/** Runs the demo command on a temporary file and a free port; resolves with its address once it listens. */
function startDemo(databasePath: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DEMO_DATABASE_PATH: databasePath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s/]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1].replace('localhost', '127.0.0.1'), child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before listening:\n${output}`)));
  });
}

describe("the demo district on the residents' page (npm run demo)", () => {
  let dir: string;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let nearest: NearbyZone;

  const shot = (name: string) => page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidal-demo-browser-'));
    demo = await startDemo(join(dir, 'demo.sqlite'));
    browser = await launchChromium();
    context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (demo) {
      const exited = new Promise((resolve) => demo.child.once('exit', resolve));
      demo.child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'finds the nearest demo market with its open state and next opening',
    async () => {
      await context.grantPermissions(['geolocation'], { origin: demo.url });
      await context.setGeolocation(CENTRE);
      await page.goto(`${demo.url}/`);
      await page.getByRole('button', { name: '使用我的位置' }).click();
      await page.locator('article.market').first().waitFor();

      const answer = await call<{ items: NearbyZone[]; total: number }>(
        demo.url,
        'GET',
        `/api/public/zones?lat=${CENTRE.latitude}&lng=${CENTRE.longitude}&radius=20000&limit=20`,
        null,
      );
      expect(answer.total).toBe(31);
      await expect(page.locator('article.market h3').allTextContents()).resolves.toEqual(answer.items.map((z) => z.name));
      nearest = answer.items[0];
      const first = page.locator('article.market').first();
      await expect(first.locator('.van-tag').first().textContent()).resolves.toContain(nearest.openNow ? '营业中' : '未营业');
      if (nearest.nextSession) {
        const { start, end } = nearest.nextSession;
        await expect(first.locator('.next').textContent()).resolves.toContain(`${start.slice(11, 16)}–${end.slice(11, 16)}`);
      }
      expect(await seriousViolations(page)).toEqual([]);
      await shot('demo-01-nearby');
      // What a phone shows first (the README's picture of the demo).
      await page.screenshot({ path: join(OUTPUT, 'demo-00-phone.png') });
    },
    STEP_MS,
  );

  it(
    "shows the market's week, switches to English and sends feedback that staff can read",
    async () => {
      await page.locator('article.market').first().getByRole('button', { name: '查看本周安排' }).click();
      await page.locator('#week-heading').waitFor();
      await shot('demo-02-week');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'This week' }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

      const text = `A wish from the demo browser test ${Date.now()}`;
      await page.getByLabel('Your message').fill(text);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thank you! Your feedback has been sent').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await shot('demo-03-feedback');

      const login = await call<{ accessToken: string }>(demo.url, 'POST', '/api/auth/login', null, STAFF);
      const stored = await call<{ items: { text: string }[] }>(
        demo.url,
        'GET',
        `/api/feedback?zoneId=${nearest.id}&limit=200`,
        login.accessToken,
      );
      expect(stored.items.map((item) => item.text)).toContain(text);
    },
    STEP_MS,
  );
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { call, launchChromium, OUTPUT, type SeededApp, seriousViolations, startSeededApp } from './browser-support.js';
import { openConsole } from './console-support.js';

/**
 * The console's insight screens in Chromium. The cockpit runs on the demo district
 * (`scripts/demo.mjs`: 31 zones, 2,100 stalls, a week of claims, check-ins, rain and feedback)
 * with a tile server configured, and must show what GET /api/reports/cockpit answers for the same
 * week; rosters, captains and lottery rounds run on the small seeded district.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The demo's fixed staff login (scripts/demo.mjs). */
const DEMO_STAFF = { username: 'admin', password: 'demo-admin-2026' };
/** The README's screenshots: a laptop's screen, CSS pixels. */
const SCREEN = { width: 1280, height: 800 };
const STEP_MS = 120_000;

interface CockpitAnswer {
  from: string;
  to: string;
  totals: Record<string, number | null>;
  zones: { zoneName: string }[];
  days: { date: string }[];
  zoneDays: unknown[];
  categories: { category: string; claimed: number; slots: number }[];
  feedback: { kind: string; open: number; resolved: number }[];
}

/** A 256-pixel tile that reads as a street map: a paper background, blocks and white streets. */
function tilePng(): Buffer {
  const png = new PNG({ width: 256, height: 256 });
  for (let y = 0; y < 256; y++) {
    for (let x = 0; x < 256; x++) {
      const street = x % 64 < 5 || y % 64 < 5 || Math.abs(x - y) < 3;
      const park = x > 140 && x < 188 && y > 80 && y < 120;
      const [r, g, b] = street ? [255, 255, 255] : park ? [205, 232, 200] : [240, 237, 229];
      const i = (y * 256 + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Runs the demo command on a temporary file and a free port (with `env`); resolves once it listens. */
function startDemo(databasePath: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DEMO_DATABASE_PATH: databasePath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s/]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1].replace('localhost', '127.0.0.1'), child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before listening:\n${output}`)));
  });
}

/** A console page at `path` signed in with `credentials`, on a laptop's screen in Chinese. */
async function signedIn(
  browser: Browser,
  baseUrl: string,
  credentials: { username: string; password: string },
  path: string,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: SCREEN,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: baseUrl,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`/console/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel('用户名').fill(credentials.username);
  await page.getByLabel('密码').fill(credentials.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  return page;
}

/** Chooses an option of an Element Plus select by the select's input id. */
async function choose(page: Page, inputId: string, option: string | RegExp): Promise<void> {
  // The select's box, not its input: the chosen value's text lies over the input.
  await page.locator('.el-select', { has: page.locator(`#${inputId}`) }).click();
  await page.getByRole('option', { name: option }).click();
}

/** The screenshot at the README's size: the viewport, not the whole page (docs/ copies are made by hand: a test run leaves the tree as it was). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUTPUT, name), scale: 'css' });
}

const zh = (n: number) => new Intl.NumberFormat('zh-CN').format(n);
const pct = (rate: number | null) =>
  rate === null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(rate);

describe('the cockpit on the demo district, with a tile server', () => {
  let dir: string;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let tiles: Server;
  const tileRequests: string[] = [];
  let browser: Browser;
  let page: Page;
  let staffToken: string;

  beforeAll(async () => {
    const tile = tilePng();
    tiles = createServer((request, response) => {
      tileRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(tile);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'tidal-console-insight-'));
    demo = await startDemo(join(dir, 'demo.sqlite'), {
      MAP_TILE_URL: `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`,
    });
    browser = await launchChromium();
    staffToken = (await call<{ accessToken: string }>(demo.url, 'POST', '/api/auth/login', null, DEMO_STAFF)).accessToken;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (demo) {
      const exited = new Promise((resolve) => demo.child.once('exit', resolve));
      demo.child.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => tiles?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    "opens on the cockpit and draws the district's last week from the cockpit route's figures",
    async () => {
      page = await signedIn(browser, demo.url, DEMO_STAFF, '/');
      await page.locator('[data-headline="claimed"] .headline-value').waitFor();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('数字驾驶舱');

      // What the page shows is what the route answers for the same (default) week.
      const answer = await call<CockpitAnswer>(demo.url, 'GET', '/api/reports/cockpit', staffToken);
      const totals = answer.totals as Record<string, number>;
      expect(answer.zones).toHaveLength(31);
      expect(answer.days).toHaveLength(7);
      for (const key of ['zones', 'slots', 'claimed', 'checkedIn', 'noShow', 'feedback']) expect(totals[key]).toBeGreaterThan(0);
      const headline = (key: string) => page.locator(`[data-headline="${key}"] .headline-value`).textContent();
      await expect(headline('zones')).resolves.toBe(zh(totals.zones));
      await expect(headline('slots')).resolves.toBe(zh(totals.slots));
      await expect(headline('claimed')).resolves.toBe(zh(totals.claimed));
      await expect(headline('occupancy')).resolves.toBe(pct(totals.occupancyRate));
      await expect(headline('checkIn')).resolves.toBe(pct(totals.checkInRate));
      await expect(headline('noShow')).resolves.toBe(pct(totals.noShowRate));
      await expect(headline('feedback')).resolves.toBe(zh(totals.feedback));
      await expect(page.locator('#cockpit-from').inputValue()).resolves.toBe(answer.from);
      await expect(page.locator('#cockpit-to').inputValue()).resolves.toBe(answer.to);

      // Every chart is drawn (ECharts' SVG), with shapes from the data: a heat-map cell per zone and day,
      // a bar per day and outcome, a slice per category with claims, a dot per zone over the tiles.
      for (const figure of ['attendance', 'categories', 'feedback', 'heatmap', 'map']) {
        await page.locator(`[data-figure="${figure}"] [role="img"] svg`).first().waitFor();
      }
      const shapes = (selector: string, atLeast: number) =>
        page.waitForFunction(`document.querySelectorAll(${JSON.stringify(selector)}).length >= ${atLeast}`);
      await shapes('[data-figure="heatmap"] svg path', Math.ceil(answer.zoneDays.length / 2));
      await shapes('[data-figure="attendance"] svg path', answer.days.length);
      await shapes('[data-figure="map"] svg image', 1);
      await shapes('[data-figure="map"] svg path', answer.zones.length);
      expect(tileRequests.length).toBeGreaterThan(0);
      expect(tileRequests.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);

      // The text alternative: each chart is an image named by a sentence, its numbers in a table.
      await expect(page.locator('[data-figure="heatmap"] [role="img"]').getAttribute('aria-label')).resolves.toContain('31 个摊区');
      await page.locator('[data-figure="categories"] summary').click();
      const categoryRows = await page.locator('[data-figure="categories"] tbody tr').allTextContents();
      expect(categoryRows).toHaveLength(4);
      const vegetables = answer.categories.find((c) => c.category === 'vegetables')!;
      expect(vegetables.claimed).toBeGreaterThan(0);
      expect(categoryRows[0]).toContain(`蔬菜${vegetables.slots}${vegetables.claimed}`);
      await page.locator('[data-figure="categories"] summary').click();

      expect(await seriousViolations(page)).toEqual([]);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, 'console-cockpit.png');
      // The lower half: occupancy by zone and day beside the map.
      await page.locator('[data-figure="map"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'console-cockpit-map.png');
    },
    STEP_MS,
  );

  it(
    'downloads the same figures as CSV: UTF-8 with a BOM, a row per figure, headers in Chinese',
    async () => {
      const answer = await call<CockpitAnswer>(demo.url, 'GET', '/api/reports/cockpit', staffToken);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`cockpit-${answer.from}-${answer.to}.csv`);
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(bytes.toString('utf8').slice(1)) as string[][];
      expect(rows[0].slice(0, 8)).toEqual(['类别', '区', '摊区', '日期', '项目', '摊位场次', '已预约', '已签到']);
      expect(rows).toHaveLength(1 + 1 + answer.zones.length + answer.days.length + answer.zoneDays.length + 4 + 3);
      const total = rows[1];
      expect(total[0]).toBe('合计');
      expect(total.slice(5, 8)).toEqual([answer.totals.slots, answer.totals.claimed, answer.totals.checkedIn].map(String));
      expect(rows.filter((row) => row[0] === '摊区').map((row) => row[2])).toEqual(answer.zones.map((z) => z.zoneName));
    },
    STEP_MS,
  );
  it(
    'speaks English after the switch, the charts and their numbers included',
    async () => {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cockpit' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Check-ins and no-shows by day' }).waitFor();
      await expect(page.locator('[data-headline="occupancy"] dt').textContent()).resolves.toBe('Occupancy');
      await expect(page.locator('[data-figure="attendance"] [role="img"]').getAttribute('aria-label')).resolves.toMatch(
        /^Bar chart: over 7 days/,
      );
      await expect(page.locator('[data-figure="categories"] svg').textContent()).resolves.toContain('Vegetables');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { level: 1, name: '数字驾驶舱' }).waitFor();
    },
    STEP_MS,
  );
});

describe('rosters, captains and lottery rounds on the seeded district', () => {
  let app: SeededApp;
  let page: Page;
  const EAST = '南川区 · 东城潮汐摊区';

  beforeAll(async () => {
    app = await startSeededApp();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it(
    'creates a duty, generates the roster, marks a turn done, downloads it and appoints a captain',
    async () => {
      page = await openConsole(app.browser, app.server.url, '/rosters');
      await page.setViewportSize(SCREEN);
      await page.getByRole('heading', { level: 1, name: '值日与摊长' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await choose(page, 'rosters-zone', EAST);
      await page.getByText('这个摊区还没有值日任务。').waitFor();
      await page.locator('#duty-name').fill('夜市收摊后清扫');
      // The session the seeded vendors hold today.
      await choose(page, 'duty-session', /^夜市/);
      await expect(page.locator('#duty-rrule').inputValue()).resolves.toBe('FREQ=DAILY');
      await page.getByRole('button', { name: '添加任务' }).click();
      await page.getByRole('rowheader', { name: '夜市收摊后清扫' }).waitFor();

      await page.getByRole('button', { name: '生成值日表' }).click();
      await page.getByText(/已生成 2 条值日安排/).waitFor();
      const roster = page.locator('table.roster-table tbody tr');
      // The notice comes before the table is read again: wait for its rows.
      await roster.nth(1).waitFor();
      await expect(roster.count()).resolves.toBe(2);
      await expect(roster.locator('td:nth-child(3)').allTextContents()).resolves.toEqual(expect.arrayContaining(['张桂兰', '李建国']));
      const grower = roster.filter({ hasText: '张桂兰' });
      await grower.getByRole('button', { name: '完成' }).click();
      await grower.getByText('已完成').waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
      const csv = readFileSync((await download.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.toString('utf8')).toContain('张桂兰');

      await page.locator('#captain-vendor').click();
      await page.locator('#captain-vendor').fill('张桂');
      await page.getByRole('option', { name: /^张桂兰 1\d{10}$/ }).click();
      await page.getByRole('button', { name: '任命' }).click();
      await page.locator('[data-captain="张桂兰"]').waitFor();
      await expect(page.locator('[data-captain="张桂兰"]').textContent()).resolves.toContain('在职');
      const captains = await call<{ items: { vendorName: string }[] }>(
        app.server.url,
        'GET',
        `/api/zones/${app.district.zones[0].id}/captains`,
        app.district.staffToken,
      );
      expect(captains.items.map((c) => c.vendorName)).toEqual(['张桂兰']);

      await page.getByText(/已任命/).waitFor({ state: 'hidden' });
      expect(await seriousViolations(page)).toEqual([]);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, 'console-rosters.png');
    },
    STEP_MS,
  );

  it(
    'creates a lottery round with a seed made in the browser (only its SHA-256 sent), refuses a wrong seed and draws with the kept one',
    async () => {
      // A grower applies to the round through the API, as the vendor app does.
      const phone = `1370000${String(Date.now() % 10_000).padStart(4, '0')}`;
      const vendor = await call<{ id: string }>(app.server.url, 'POST', '/api/vendors/register', null, {
        name: '王秀英',
        phone,
        password: 'secret-123',
        kind: 'vegetable_farmer',
        categories: ['vegetables'],
      });
      await call(app.server.url, 'POST', `/api/vendors/${vendor.id}/approve`, app.district.staffToken);
      const { accessToken: vendorToken } = await call<{ accessToken: string }>(app.server.url, 'POST', '/api/auth/login', null, {
        username: phone,
        password: 'secret-123',
      });

      await page.getByRole('link', { name: '抽签分配' }).click();
      await page.getByRole('heading', { level: 1, name: '抽签分配' }).waitFor();
      await choose(page, 'rounds-zone', EAST);
      await page.getByText('这个摊区还没有抽签轮次。').waitFor();
      await page.getByRole('button', { name: '生成随机种子' }).click();
      await page.getByText('请立即保存这个种子').waitFor();
      const seed = await page.locator('#round-seed').inputValue();
      expect(seed).toMatch(/^tidal-[0-9a-f]{8}(-[0-9a-f]{8}){3}$/);
      const shown = await page.locator('[data-commitment]').textContent();
      expect(shown).toBe(createHash('sha256').update(seed, 'utf8').digest('hex'));

      const requests: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/rounds')) requests.push(request.postData() ?? '');
      });
      await page.getByRole('button', { name: '新建', exact: true }).click();
      await page.locator('table.rounds-table tbody tr').waitFor();
      // The seed never left the browser: the server has the commitment only.
      expect(requests.some((body) => body.includes(seed))).toBe(false);
      const rounds = await call<{
        items: { id: string; seedCommitment: string; seed: string | null; status: string; applyUntil: string }[];
      }>(app.server.url, 'GET', `/api/zones/${app.district.zones[0].id}/rounds`, app.district.staffToken);
      expect(rounds.items).toEqual([expect.objectContaining({ seedCommitment: shown, seed: null, status: 'open' })]);
      const round = rounds.items[0];
      // The deadline was entered on the zone's wall clock (20:00 the evening before the period).
      expect(round.applyUntil).toMatch(/T20:00:00[+-]\d{2}:\d{2}$/);
      await call(app.server.url, 'POST', `/api/rounds/${round.id}/applications`, vendorToken, { category: 'vegetables' });

      expect(await seriousViolations(page)).toEqual([]);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, 'console-rounds.png');

      await page.getByRole('button', { name: '报名名单' }).click();
      await page.getByRole('cell', { name: '蔬菜' }).waitFor();

      // A wrong seed: SEED_MISMATCH shown in the dialog, nothing drawn.
      await page.getByRole('button', { name: '开奖' }).click();
      const dialog = page.getByRole('dialog', { name: '用种子开奖' });
      await dialog.locator('#draw-seed').fill(`${seed}x`);
      await dialog.getByRole('button', { name: '开奖' }).click();
      await dialog.getByText(/SEED_MISMATCH/).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await dialog.locator('#draw-seed').fill(seed);
      await dialog.getByRole('button', { name: '开奖' }).click();
      await page.getByText(/开奖完成：1 人中签，0 人候补/).waitFor();
      const results = page.getByRole('link', { name: '公开结果' });
      await expect(results.getAttribute('href')).resolves.toBe(`/api/public/rounds/${round.id}/results`);
      const published = await call<{ seed: string; order: { name: string; result: string }[] }>(
        app.server.url,
        'GET',
        `/api/public/rounds/${round.id}/results`,
        null,
      );
      expect(published).toMatchObject({ seed, order: [{ name: '王*', result: 'won' }] });
    },
    STEP_MS,
  );
});

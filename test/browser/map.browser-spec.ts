import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { type SeededDistrict, seedDistrict } from './seed-district.js';

/**
 * With MAP_TILE_URL the list gets a map: Leaflet, loaded then, drawing tiles from the configured
 * server (here a local one that answers every tile with a 1×1 PNG), allowed by the page's CSP.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ADMIN = { username: 'admin', password: 'browser-test-admin-password' };
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe("the residents' map where MAP_TILE_URL is set", () => {
  let dataDir: string;
  let tiles: Server;
  const tileRequests: string[] = [];
  let server: ServerProcess;
  let district: SeededDistrict;
  let browser: Browser;
  let page: Page;
  const policyViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    tiles = createServer((request, response) => {
      tileRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const tilePort = (tiles.address() as AddressInfo).port;
    dataDir = mkdtempSync(join(tmpdir(), 'tidal-browser-map-'));
    server = await startServer({
      DATABASE_PATH: join(dataDir, 'map.sqlite'),
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'browser-test-secret-browser-test-secret-0123',
      MAP_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
    });
    district = await seedDistrict(server.url, ADMIN);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      locale: 'zh-CN',
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => tiles?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("draws the district's markets on tiles from the configured server, within the page's policy", async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('combobox').selectOption('nanchuan');
    await page.locator('article.market').first().waitFor();
    await page.locator('.leaflet-container').waitFor();
    // One circle per market, and tiles asked from the tile server.
    await expect(page.locator('.leaflet-container path.leaflet-interactive').count()).resolves.toBe(district.zones.length);
    await page.waitForFunction("document.querySelectorAll('.leaflet-tile-loaded').length > 0");
    expect(tileRequests.length).toBeGreaterThan(0);
    expect(tileRequests.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    expect(policyViolations).toEqual([]);
    await page.addScriptTag({ content: AXE_SOURCE });
    const serious = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
      return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(serious).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, '07-map.png') });
  }, 30_000);
});

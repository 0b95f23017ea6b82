import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { OUTPUT, PHONE, type SeededApp, seriousViolations, startSeededApp } from './browser-support.js';

/**
 * With MAP_TILE_URL the list gets a map: Leaflet, loaded then, drawing tiles from the configured
 * server (here a local one that answers every tile with a 1×1 PNG), allowed by the page's CSP.
 */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe("the residents' map where MAP_TILE_URL is set", () => {
  let tiles: Server;
  const tileRequests: string[] = [];
  let app: SeededApp;
  let page: Page;
  const policyViolations: string[] = [];

  beforeAll(async () => {
    tiles = createServer((request, response) => {
      tileRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    app = await startSeededApp({ MAP_TILE_URL: `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png` });
    page = await (await app.browser.newContext(PHONE)).newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  it("draws the district's markets on tiles from the configured server, within the page's policy", async () => {
    await page.goto(`${app.server.url}/`);
    await page.getByRole('combobox').selectOption('nanchuan');
    await page.locator('article.market').first().waitFor();
    await page.locator('.leaflet-container').waitFor();
    // One circle per market, and tiles asked from the tile server.
    await expect(page.locator('.leaflet-container path.leaflet-interactive').count()).resolves.toBe(app.district.zones.length);
    await page.waitForFunction("document.querySelectorAll('.leaflet-tile-loaded').length > 0");
    expect(tileRequests.length).toBeGreaterThan(0);
    expect(tileRequests.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    expect(policyViolations).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, '07-map.png') });
  }, 30_000);
});

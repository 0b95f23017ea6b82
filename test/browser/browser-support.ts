import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { type SeededDistrict, seedDistrict } from './seed-district.js';

/** One JSON call to the app as its clients make it (seed-district.ts's, for every spec). */
export { call } from './seed-district.js';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH for another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium as every browser spec runs it. */
export function launchChromium(): Promise<Browser> {
  // Chromium names downloads in the system's encoding: without a UTF-8 locale (CI runs with an
  // empty environment) a Chinese file name such as 第2摊区-signs.pdf is dropped for "download".
  const utf8 = /utf-?8/i.test(process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox'],
    env: utf8 ? process.env : { ...process.env, LANG: 'C.UTF-8' },
  });
}

/** Screenshots (gitignored). */
export const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));
/** The staff account every browser spec's app starts with. */
export const ADMIN = { username: 'admin', password: 'browser-test-admin-password' };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A phone: the viewport and pixel density of a common one, touch, Chinese. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

export interface SeededApp {
  server: ServerProcess;
  district: SeededDistrict;
  browser: Browser;
  close(): Promise<void>;
}

/** The built app on a fresh SQLite file (with `env` beside), the district seeded through its API, and Chromium. */
export async function startSeededApp(env: Record<string, string> = {}): Promise<SeededApp> {
  mkdirSync(OUTPUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'tidal-browser-'));
  const server = await startServer({
    DATABASE_PATH: join(dataDir, 'browser.sqlite'),
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'browser-test-secret-browser-test-secret-0123',
    ...env,
  });
  const district = await seedDistrict(server.url, ADMIN);
  const browser = await launchChromium();
  return {
    server,
    district,
    browser,
    close: async () => {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** axe-core's findings on the page as it is, serious and critical only. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Element Plus and Vant fade dialogs, drawers and toasts in and out (Vue's *-enter-active /
  // *-leave-active classes): half-transparent text in mid-fade reads as low contrast, so wait.
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector(
        '[class*="-enter-active"], [class*="-leave-active"]',
      ),
    undefined,
    { timeout: 0 },
  );
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join(', ')})`);
}

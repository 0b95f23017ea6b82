import type { Browser, Page } from 'playwright-core';
import { ADMIN } from './browser-support.js';

/** A desk computer's screen: the console is built for it, in Chinese first. */
export const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' };

/** A new console page at `path` (under /console/), signed in as the seeded staff account. */
export async function openConsole(browser: Browser, baseUrl: string, path = '/'): Promise<Page> {
  const context = await browser.newContext({ ...DESKTOP, baseURL: baseUrl, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`/console/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
  return page;
}

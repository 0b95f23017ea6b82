import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { call, OUTPUT, PHONE, type SeededApp, seriousViolations, startSeededApp } from './browser-support.js';

/**
 * Swapping a duty turn on the phone, with no vendor number typed: the grower on the turn taps
 * "找人换班", picks a neighbour by stall code and masked name from the vendors at that run; the
 * neighbour, on their own phone, sees the request with who asks and taps to take the turn.
 */
const PASSWORD = 'grower-pass-2026';
const TIMEZONE = 'Asia/Shanghai';
const stamp = String(Date.now()).slice(-7);

/** The local date `days` after today in the markets' time zone. */
function localDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe('swapping a duty turn in the vendor app', () => {
  let app: SeededApp;
  let base: string;
  let staff: string;
  const growers: { id: string; name: string; phone: string }[] = [];
  let entryId = '';
  let onTurn: { id: string; name: string; phone: string };
  let neighbour: { id: string; name: string; phone: string };
  const date = localDay(2);

  /** A phone signed in as this grower, on the inbox. */
  async function phoneOf(browser: Browser, grower: { phone: string }): Promise<Page> {
    const context = await browser.newContext({ ...PHONE, baseURL: base });
    const page = await context.newPage();
    await page.goto('/vendor/');
    await page.getByLabel('手机号').fill(grower.phone);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '我的摊位' }).waitFor();
    await page.getByRole('button', { name: '消息', exact: true }).click();
    await page.getByRole('heading', { name: '值日安排' }).waitFor();
    return page;
  }

  beforeAll(async () => {
    app = await startSeededApp();
    base = app.server.url;
    staff = app.district.staffToken;
    const zone = await call<{ id: string }>(base, 'POST', '/api/zones', staff, {
      name: '换班测试摊区',
      district: '南川区',
      address: '滨江路 9 号',
      latitude: 29.2,
      longitude: 107.2,
      timezone: TIMEZONE,
    });
    const session = await call<{ id: string }>(base, 'POST', `/api/zones/${zone.id}/sessions`, staff, {
      name: 'evening',
      startTime: '18:00',
      endTime: '21:00',
      rrule: 'FREQ=DAILY',
      validFrom: localDay(0),
    });
    const stalls = await call<{ items: { id: string }[] }>(base, 'POST', `/api/zones/${zone.id}/stalls/bulk`, staff, {
      prefix: 'A',
      count: 2,
      category: 'general',
    });
    for (const [i, name] of ['张桂兰', '李秀英'].entries()) {
      const phone = `136${stamp}${i}0`.slice(0, 11);
      const made = await call<{ id: string }>(base, 'POST', '/api/vendors/register', null, {
        name,
        phone,
        password: PASSWORD,
        kind: 'vegetable_farmer',
        categories: ['vegetables'],
      });
      await call(base, 'POST', `/api/vendors/${made.id}/approve`, staff);
      await call(base, 'POST', '/api/assignments', staff, {
        vendorId: made.id,
        stallId: stalls.items[i].id,
        sessionId: session.id,
        from: date,
        to: date,
      });
      growers.push({ id: made.id, name, phone });
    }
    await call(base, 'POST', `/api/zones/${zone.id}/duties`, staff, {
      name: '收摊清扫',
      sessionId: session.id,
      rrule: 'FREQ=DAILY',
      headcount: 1,
    });
    const roster = await call<{ items: { id: string; vendorId: string }[] }>(base, 'POST', `/api/zones/${zone.id}/roster/generate`, staff, {
      from: date,
      to: date,
    });
    entryId = roster.items[0].id;
    onTurn = growers.find((g) => g.id === roster.items[0].vendorId)!;
    neighbour = growers.find((g) => g !== onTurn)!;
  }, 120_000);

  afterAll(() => app?.close());

  it('asks a neighbour chosen by stall and masked name, who takes the turn on their own phone', async () => {
    const asking = await phoneOf(app.browser, onTurn);
    await asking.getByRole('button', { name: '找人换班' }).click();
    const stallOf = (g: { id: string }) => (g === growers[0] ? 'A01' : 'A02');
    const choice = asking.getByRole('button', { name: `${stallOf(neighbour)} 号 ${neighbour.name[0]}*` });
    await choice.waitFor();
    expect(await seriousViolations(asking)).toEqual([]);
    await asking.screenshot({ path: join(OUTPUT, 'vendor-swap-choose.png'), fullPage: true });
    await choice.click();
    await asking.getByText(`已请 ${stallOf(neighbour)} 号 ${neighbour.name[0]}* 代班，等对方接受。`).waitFor();
    await asking.getByText(`等待 ${stallOf(neighbour)} 号 ${neighbour.name[0]}* 接受`).waitFor();

    const asked = await phoneOf(app.browser, neighbour);
    await asked.getByRole('heading', { name: '换班请求' }).waitFor();
    await asked.getByText(`${stallOf(onTurn)} 号 ${onTurn.name[0]}* 请你代为值守`).waitFor();
    expect(await seriousViolations(asked)).toEqual([]);
    await asked.screenshot({ path: join(OUTPUT, 'vendor-swap-incoming.png'), fullPage: true });
    await asked.getByRole('button', { name: '接受代班' }).click();
    await asked.getByText('已接受换班，这次值日归你了。').waitFor();

    // The turn is the neighbour's now: same entry, marked as swapped.
    const roster = await call<{ items: { id: string; vendorId: string; swapped: boolean }[] }>(
      base,
      'GET',
      `/api/vendors/me/duties?from=${date}&to=${date}`,
      await login(neighbour.phone),
    );
    expect(roster.items).toEqual([expect.objectContaining({ id: entryId, vendorId: neighbour.id, swapped: true })]);
  });

  async function login(phone: string): Promise<string> {
    return (await call<{ accessToken: string }>(base, 'POST', '/api/auth/login', null, { username: phone, password: PASSWORD }))
      .accessToken;
  }
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { addDays } from '../../src/recurrence/calendar.js';
import type { ServerProcess } from '../support/server-process.js';
import { call, OUTPUT, type SeededApp, seriousViolations, startSeededApp } from './browser-support.js';
import { openConsole } from './console-support.js';
import type { SeededDistrict } from './seed-district.js';

/**
 * The console's market screens in real headless Chromium, in Chinese, against the built app on
 * a fresh SQLite file with the seeded district (南川区: 东城, 西街, 北湖): a staff member creates a
 * zone, gives it a weekend session through the RRULE editor (the rule in words and its next ten
 * dates before saving, and the server's refusal of a rule with BYHOUR), adds twelve stalls in
 * one go and downloads their signs; closes the district for rain and sees the grid and the
 * residents' schedule change, then restores it; assigns a grower a free stall in the grid,
 * meets a conflict by its code, and cancels the claim. axe runs on every screen.
 */
const RAIN = '暴雨红色预警，全区停市一天';
const NEW_ZONE = '滨江第2潮汐摊区';

/** The page's document, as the functions run in the page see it (this file has no DOM types). */
interface InPage {
  document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): { length: number } };
}

interface ScheduleItem {
  sessionId: string;
  name: string;
  date: string;
  cancelled: boolean;
  reason?: string;
}

describe('the console: zones, sessions, stalls, the slot grid, closures', () => {
  let app: SeededApp;
  let server: ServerProcess;
  let district: SeededDistrict;
  let page: Page;
  let today: string;
  let tomorrow: string;
  let newZoneId: string;
  const started = Date.now();

  /** Until every toast (ElMessage) has faded: a few may be showing at once after quick actions. */
  const noMessages = () =>
    page.waitForFunction(() => (globalThis as unknown as InPage).document.querySelectorAll('.el-message').length === 0, undefined, {
      timeout: 0,
    });
  const shot = (name: string) => page.screenshot({ path: join(OUTPUT, `console-${name}.png`), fullPage: true });
  /** For the README's docs/ copy (made by hand: a test run leaves the tree as it was): what a 1280×800 screen shows, in CSS pixels. */
  const readmeShot = async (name: string) => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(OUTPUT, `console-readme-${name}.png`), scale: 'css' });
    if (size) await page.setViewportSize(size);
  };
  /** Waits until `selector` matches exactly `n` elements. */
  const rows = (selector: string, n: number) =>
    page.waitForFunction(([sel, want]) => (globalThis as unknown as InPage).document.querySelectorAll(sel).length === want, [
      selector,
      n,
    ] as const);
  /** The open Element Plus message box (confirmations). */
  const messageBox = () => page.locator('.el-message-box');
  /** The open dialog with this title. */
  const dialog = (title: string): Locator => page.getByRole('dialog', { name: title });
  const publicSchedule = (zoneId: string, date: string) =>
    call<{ items: ScheduleItem[] }>(server.url, 'GET', `/api/public/zones/${zoneId}/schedule?from=${date}&to=${date}`, null);
  /** Picks an option of an Element Plus select (its combobox input lies under the shown value: the box takes the click). */
  const choose = async (select: Locator, option: string) => {
    await select.locator('xpath=ancestor::div[contains(@class, "el-select__wrapper")][1]').click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  beforeAll(async () => {
    app = await startSeededApp();
    ({ server, district } = app);
    today = new Intl.DateTimeFormat('en-CA', { timeZone: district.timezone }).format(new Date());
    tomorrow = addDays(today, 1);
    page = await openConsole(app.browser, server.url, '/zones');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    console.log(`console market browser test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('lists the zones in the API order, filters by district and finds by name', async () => {
    await page.getByRole('heading', { name: '摊区管理' }).waitFor();
    const names = page.locator('[data-table="zones"] .zone-link');
    await expect(names.first().waitFor()).resolves.toBeUndefined();
    const api = await call<{ items: { name: string }[] }>(server.url, 'GET', '/api/zones', district.staffToken);
    expect(api.items).toHaveLength(3);
    await expect(names.allTextContents()).resolves.toEqual(api.items.map((z) => z.name));
    await page.getByLabel('按名称搜索摊区').fill('西街');
    await page.locator('[data-table="zones"] .zone-link', { hasText: '西街潮汐摊区' }).waitFor();
    await rows('[data-table="zones"] .zone-link', 1);
    // Suspended after a confirmation, and active again.
    await page.getByRole('button', { name: '暂停 西街潮汐摊区' }).click();
    await messageBox().getByRole('button', { name: '确定' }).click();
    await page.locator('[data-table="zones"] tbody tr', { hasText: '已暂停' }).waitFor();
    await page.getByRole('button', { name: '恢复运营 西街潮汐摊区' }).click();
    await messageBox().getByRole('button', { name: '确定' }).click();
    await page.locator('[data-table="zones"] tbody tr', { hasText: '运营中' }).waitFor();
    await page.getByLabel('按名称搜索摊区').fill('');
    await rows('[data-table="zones"] .zone-link', 3);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('creates a zone through the form', async () => {
    await page.getByRole('button', { name: '新建摊区' }).click();
    const form = dialog('新建摊区');
    await form.getByLabel('摊区名称').fill(NEW_ZONE);
    await form.getByLabel('区县').fill('南川区');
    await form.getByLabel('地址').fill('滨江路 2 号');
    await form.getByLabel('纬度').fill('29.1601');
    await form.getByLabel('经度').fill('107.1033');
    await form.getByLabel('说明').fill('沿江步道旁，周末早市');
    await form.getByLabel('每位摊主每周最多认领').fill('3');
    await form.getByLabel('每位摊主每周最多认领').press('Tab');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已保存摊区「${NEW_ZONE}」`).waitFor();
    const link = page.getByRole('link', { name: NEW_ZONE });
    await link.waitFor();
    await shot('zones');
    await noMessages();
    await readmeShot('zones');
    await link.click();
    await page.locator('[data-zone-name]', { hasText: NEW_ZONE }).waitFor();
    newZoneId = new URL(page.url()).pathname.split('/').pop()!;
    const zone = await call<{ maxClaimsPerVendorPerWeek: number; district: string; status: string }>(
      server.url,
      'GET',
      `/api/zones/${newZoneId}`,
      district.staffToken,
    );
    expect(zone).toMatchObject({ maxClaimsPerVendorPerWeek: 3, district: '南川区', status: 'active' });
  });

  it('gives the zone a weekend session with the RRULE editor: the words and the next ten dates before saving, and the server’s refusal', async () => {
    // The new zone's own today (the form made it in Asia/Shanghai; the seeded district may run in another time zone).
    const { timezone } = await call<{ timezone: string }>(server.url, 'GET', `/api/zones/${newZoneId}`, district.staffToken);
    const zoneToday = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date());
    await page.getByRole('button', { name: '新增时段' }).click();
    const form = dialog('新增开市时段');
    const editor = form.locator('[data-rrule-editor]');
    await form.getByLabel('开始时间').fill('06:30');
    await form.getByLabel('结束时间').fill('09:00');
    await expect(form.getByLabel('起始日期').inputValue()).resolves.toBe(zoneToday);
    // Every day until it is told otherwise: ten days in a row from today.
    await expect(editor.locator('[data-rule-words]').textContent()).resolves.toBe('每天');
    await rows('[data-rrule-editor] [data-occurrences] li', 10);
    // Weekly on Saturday and Sunday, twenty times.
    await choose(editor.getByLabel('频率'), '按周');
    await editor.locator('label.el-checkbox', { hasText: '周六' }).click();
    await editor.locator('label.el-checkbox', { hasText: '周日' }).click();
    await editor.locator('label.el-radio', { hasText: '共若干次' }).click();
    await editor.getByLabel('次数').fill('20');
    await editor.getByLabel('次数').press('Tab');
    await editor.locator('[data-rule]', { hasText: 'FREQ=WEEKLY;BYDAY=SA,SU;COUNT=20' }).waitFor();
    await expect(editor.locator('[data-rule-words]').textContent()).resolves.toBe('每周周六、周日，共 20 次');
    const dates = (await editor.locator('[data-occurrences] li').allTextContents()).map((line) => line.trim());
    expect(dates).toHaveLength(10);
    for (const line of dates) expect(line).toMatch(/^\d{4}-\d\d-\d\d (周六|周日) 06:30–09:00$/);
    const first = dates[0].slice(0, 10);
    expect(first >= zoneToday && first <= addDays(zoneToday, 6)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('zone-rrule');

    // A typed rule with a time of day: no preview here, and the server refuses it in Chinese.
    await editor.locator('label', { hasText: '直接输入 RRULE' }).click();
    await editor.getByLabel(/^RRULE/).fill('FREQ=DAILY;BYHOUR=18');
    await editor.getByText('这条规则无法预览').waitFor();
    await form.getByRole('button', { name: '保存时段' }).click();
    const refusal = await form.locator('[data-problem]').textContent();
    const answer = await fetch(`${server.url}/api/zones/${newZoneId}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${district.staffToken}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ name: 'morning', startTime: '06:30', endTime: '09:00', rrule: 'FREQ=DAILY;BYHOUR=18', validFrom: zoneToday }),
    });
    const body = (await answer.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_RECURRENCE');
    expect(refusal?.trim()).toBe(body.message);

    // Back to the builder, which kept the weekend rule; saved, it is listed in words.
    await editor.locator('label', { hasText: '按选项设置' }).click();
    await editor.locator('[data-rule]', { hasText: 'FREQ=WEEKLY;BYDAY=SA,SU;COUNT=20' }).waitFor();
    await form.getByRole('button', { name: '保存时段' }).click();
    await page.getByText('已保存时段「早市」').waitFor();
    const row = page.locator('[data-table="sessions"] tbody tr');
    await expect(row.textContent()).resolves.toContain('每周周六、周日，共 20 次');
    await expect(row.textContent()).resolves.toContain('06:30–09:00');
    const sessions = await call<{ items: { rrule: string; startTime: string; validFrom: string }[] }>(
      server.url,
      'GET',
      `/api/zones/${newZoneId}/sessions`,
      district.staffToken,
    );
    expect(sessions.items).toEqual([
      expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=SA,SU;COUNT=20', startTime: '06:30', validFrom: zoneToday }),
    ]);
    // The server's schedule has the same first dates as the preview.
    const schedule = await call<{ items: { date: string }[] }>(
      server.url,
      'GET',
      `/api/zones/${newZoneId}/schedule?from=${zoneToday}&to=${addDays(zoneToday, 40)}`,
      district.staffToken,
    );
    expect(schedule.items.slice(0, 10).map((i) => i.date)).toEqual(dates.map((line) => line.slice(0, 10)));
    expect(await seriousViolations(page)).toEqual([]);
    await shot('zone');
    // In English the words are rrule's own.
    await page.getByRole('button', { name: 'English' }).click();
    await row.getByText('every week on Saturday, Sunday for 20 times').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await row.getByText('每周周六、周日，共 20 次').waitFor();
  });

  it('adds twelve stalls in one go and downloads their signs, showing the PDF is being made', async () => {
    await page.goto(`${server.url}/console/zones/${newZoneId}?tab=stalls`);
    await page.getByRole('button', { name: '批量新增摊位' }).click();
    const form = dialog('批量新增摊位');
    await form.getByLabel('摊位号前缀').fill('D');
    await form.getByLabel('数量').fill('12');
    await form.getByLabel('数量').press('Tab');
    await form.getByText('将新增：D01 … D12').waitFor();
    await choose(form.getByLabel('类别'), '水果');
    await form.getByRole('button', { name: '新增', exact: true }).click();
    await page.getByText('已新增 12 个摊位').waitFor();
    const codes = page.locator('[data-table="stalls"] tbody tr td:first-child');
    await rows('[data-table="stalls"] tbody tr', 12);
    await expect(codes.allTextContents()).resolves.toEqual(Array.from({ length: 12 }, (_, i) => `D${String(i + 1).padStart(2, '0')}`));
    // Close one, and make another general.
    await page.getByRole('button', { name: '关闭 D12' }).click();
    await page.getByText('已更新摊位 D12').waitFor();
    await page.getByRole('button', { name: '开放 D12' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The PDF's answer is held until the page has shown that it is being made.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/stalls/signs.pdf', async (route) => {
      await held;
      await route.continue();
    });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '打印摊位码（PDF）' }).click();
    await page.locator('[data-printing]', { hasText: '正在生成摊位码 PDF' }).waitFor();
    release();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${NEW_ZONE}-signs.pdf`);
    const pdf = readFileSync((await file.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText('摊位码 PDF 已下载').waitFor();
    await page.locator('[data-printing]').waitFor({ state: 'detached' });
    await page.unroute('**/stalls/signs.pdf');

    // One run cancelled from the schedule with a reason, then restored.
    await page.getByRole('tab', { name: '开市日程' }).click();
    const run = page.locator('[data-table="schedule"] tbody tr').first();
    await run.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const runDate = (await run.locator('td').first().textContent())!.trim().slice(0, 10);
    await page.getByRole('button', { name: `取消这一场 ${runDate} 早市` }).click();
    await messageBox().getByRole('textbox').fill('龙舟赛借用场地');
    await messageBox().getByRole('button', { name: '取消这一场' }).click();
    await page.getByText(`已取消 ${runDate} 早市，0 个认领随之取消`).waitFor();
    await page.locator('[data-table="schedule"] tbody tr', { hasText: '龙舟赛借用场地' }).getByText('已取消').waitFor();
    expect((await publicSchedule(newZoneId, runDate)).items).toEqual([
      expect.objectContaining({ cancelled: true, reason: '龙舟赛借用场地' }),
    ]);
    await page.getByRole('button', { name: `恢复 ${runDate} 早市` }).click();
    await messageBox().getByRole('button', { name: '恢复' }).click();
    await page.getByText(`已恢复 ${runDate} 早市`).waitFor();
    await run.getByText('照常开市').waitFor();
  });

  it('closes the district for rain: the answer, the grid of that date cancelled, the residents’ schedule with the reason; then restores it', async () => {
    const east = district.zones[0];
    const before = await publicSchedule(east.id, tomorrow);
    const running = before.items.filter((i) => !i.cancelled);
    expect(running.length).toBeGreaterThan(0); // the seeded night run of tomorrow is already cancelled; the other runs

    await page.goto(`${server.url}/console/closures`);
    await page.getByRole('heading', { name: '新建休市（如暴雨、高温、节假日）' }).waitFor();
    await page.getByLabel('日期', { exact: true }).fill(tomorrow);
    await page.getByLabel('原因').fill(RAIN);
    expect(await seriousViolations(page)).toEqual([]);

    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/closures', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await page.getByRole('button', { name: '确认休市' }).click();
    await expect(messageBox().textContent()).resolves.toContain(`${tomorrow}，南川区全区，全部时段休市`);
    await messageBox().getByRole('button', { name: '确认休市' }).click();
    await page.locator('[data-closing]', { hasText: '正在休市' }).waitFor();
    release();
    const answer = await page.locator('[data-closure-result]').textContent();
    expect(answer).toMatch(new RegExp(`${tomorrow} 已休市：取消 \\d+ 场开市，0 个认领随之取消。`));
    await page.unroute('**/api/closures');
    const row = page.locator('[data-table="closures"] tbody tr', { hasText: RAIN });
    await expect(row.textContent()).resolves.toContain('生效中');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('closures');

    // The residents see every run of tomorrow cancelled, ours with the reason.
    const after = await publicSchedule(east.id, tomorrow);
    expect(after.items.every((i) => i.cancelled)).toBe(true);
    for (const run of running)
      expect(after.items.find((i) => i.sessionId === run.sessionId)).toMatchObject({ cancelled: true, reason: RAIN });
    const west = await publicSchedule(district.zones[1].id, tomorrow);
    expect(west.items).toEqual([expect.objectContaining({ cancelled: true, reason: RAIN })]);

    // The grid of that date: every cell cancelled, said in words.
    await page.goto(`${server.url}/console/grid?zone=${east.id}&date=${tomorrow}`);
    await page.locator('[data-grid] [data-status]').first().waitFor();
    const statuses = await page
      .locator('[data-grid] [data-status]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
    expect(statuses.length).toBe(9 * 2);
    expect(new Set(statuses)).toEqual(new Set(['cancelled']));
    await expect(page.locator('[data-grid] tbody tr').first().textContent()).resolves.toContain('已取消');
    expect(await seriousViolations(page)).toEqual([]);

    // Restored from the list, after a confirmation: the runs are back (the seed's own night cancellation stays).
    await page.getByRole('link', { name: '休市安排' }).click();
    await page.getByRole('button', { name: `恢复开市 ${tomorrow} ${RAIN}` }).click();
    await expect(messageBox().textContent()).resolves.toContain('已取消的认领不会自动恢复');
    await messageBox().getByRole('button', { name: '恢复开市' }).click();
    await page.getByText(/已恢复 \d+ 场开市/).waitFor();
    await row.getByText(/^已于 /).waitFor();
    const restored = await publicSchedule(east.id, tomorrow);
    for (const run of running) expect(restored.items.find((i) => i.sessionId === run.sessionId)).toMatchObject({ cancelled: false });
    expect(restored.items.find((i) => i.name === 'night')).toMatchObject({ cancelled: true, reason: district.cancellation.reason });
  });

  it('assigns a grower a free stall in the grid, shows a conflict by its code, and cancels the claim', async () => {
    const east = district.zones[0];
    const date = addDays(today, 2);
    // A stall closed for repairs, so the grid shows that state too.
    const closed = 'B03';
    const stalls = await call<{ items: { id: string; code: string }[] }>(
      server.url,
      'GET',
      `/api/zones/${east.id}/stalls`,
      district.staffToken,
    );
    await call(server.url, 'PATCH', `/api/stalls/${stalls.items.find((s) => s.code === closed)!.id}`, district.staffToken, {
      status: 'closed',
    });
    await page.goto(`${server.url}/console/grid?zone=${east.id}&date=${date}`);
    const cell = (slot: string) => page.locator(`[data-slot="${slot}"]`);
    await cell('A02/night').waitFor();
    await expect(cell('A02/night').getAttribute('data-status')).resolves.toBe('free');
    await expect(page.locator('.legend').textContent()).resolves.toMatch(/空闲.*已认领.*摊位关闭.*已取消/);
    await expect(cell(`${closed}/night`).getAttribute('data-status')).resolves.toBe('closed');
    await expect(cell(`${closed}/night`).textContent()).resolves.toContain('摊位关闭');
    expect(await seriousViolations(page)).toEqual([]);

    // A vegetable stall to the vegetable grower, found by name.
    await cell('A02/night').click();
    const assign = dialog('分配摊位');
    await assign.locator('[data-assign-slot]', { hasText: `摊位 A02 · 夜市 · ${date}` }).waitFor();
    await assign.getByLabel('查找摊主').fill('张');
    await assign.getByRole('button', { name: '查找' }).click();
    await assign.locator('[data-vendors]').getByText('张桂兰').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await assign.getByRole('button', { name: '分配给 张桂兰' }).click();
    await page.getByText('已把摊位 A02 分配给 张桂兰').waitFor();
    await page.locator('[data-slot="A02/night"][data-status="claimed"]', { hasText: '张桂兰' }).waitFor();

    // A vegetable stall to the fruit farmer: refused, and the code says why.
    await cell('A03/night').click();
    await assign.getByLabel('查找摊主').fill('李建国');
    await assign.getByRole('button', { name: '查找' }).click();
    await assign.getByRole('button', { name: '分配给 李建国' }).click();
    await expect(assign.locator('[data-conflicts]').textContent()).resolves.toContain('CATEGORY_MISMATCH');
    await page.keyboard.press('Escape');
    await assign.waitFor({ state: 'hidden' });
    await expect(cell('A03/night').getAttribute('data-status')).resolves.toBe('free');
    await shot('grid');
    await noMessages();
    await readmeShot('grid');

    // Who holds A02, and the claim cancelled.
    await cell('A02/night').click();
    const held = dialog('认领详情');
    await held.locator('[data-holder]', { hasText: '张桂兰' }).waitFor();
    await held.getByText('工作人员分配').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await held.getByRole('button', { name: '取消认领' }).click();
    await messageBox().getByRole('button', { name: '取消认领' }).click();
    await page.getByText('已取消摊位 A02 的认领').waitFor();
    await page.locator('[data-slot="A02/night"][data-status="free"]').waitFor();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ServerProcess } from '../support/server-process.js';
import { call, OUTPUT, PHONE, type SeededApp, seriousViolations, startSeededApp } from './browser-support.js';
import { openConsole } from './console-support.js';
import type { SeededDistrict } from './seed-district.js';

/**
 * The console's people screens in real headless Chromium, in Chinese, against the built app on a
 * fresh SQLite file: a staff member approves registrations from the vetting queue, registers a
 * grower at the desk (one-time password), imports ten growers from a CSV with two bad rows and
 * reads the per-row report, decides an appeal, resolves a resident's feedback, and finds the
 * approval in the audit log at the browser's local time. axe on every screen; screenshots of each.
 */
/** Distinct phones for this run (the seeded vendors use 1390000…). */
const stamp = String(Date.now()).slice(-6);
const phone = (n: number) => `135${stamp}${String(n).padStart(2, '0')}`;

describe('the console: vendors and residents', () => {
  let app: SeededApp;
  let server: ServerProcess;
  let district: SeededDistrict;
  let page: Page;
  const pending: { id: string; name: string; phone: string }[] = [];
  let deskPhone = '';

  const staff = <T>(method: string, path: string, body?: unknown) => call<T>(server.url, method, path, district.staffToken, body);
  /** The whole screen (the test output), and, for the README, the window as seen (CSS pixels, 1280×800). */
  const shot = (name: string) => page.screenshot({ path: join(OUTPUT, `console-${name}.png`), fullPage: true });
  /** The window as seen (CSS pixels), for the README's docs/ copies (copied by hand: a test run leaves the tree as it was). */
  const readmeShot = (name: string) => page.screenshot({ path: join(OUTPUT, `console-readme-${name}.png`), scale: 'css' });
  const go = async (path: string, heading: string) => {
    await page.goto(`/console${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  beforeAll(async () => {
    app = await startSeededApp();
    ({ server, district } = app);
    for (const [index, name] of ['王秀英', '陈阿婆', '刘德明'].entries()) {
      const body = { name, phone: phone(index), password: 'grower-pass-2026', kind: 'vegetable_farmer', categories: ['vegetables'] };
      const made = await call<{ id: string }>(server.url, 'POST', '/api/vendors/register', null, body);
      pending.push({ id: made.id, name, phone: body.phone });
    }
    page = await openConsole(app.browser, server.url, '/vetting');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('approves two registrations from the vetting queue at once, and the API has them approved', async () => {
    await page.getByRole('heading', { level: 1, name: '摊主审核' }).waitFor();
    for (const vendor of pending) await page.locator(`tr[data-vendor="${vendor.phone}"]`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await readmeShot('vetting');
    await shot('vetting');

    await page.getByLabel(`选择 ${pending[0].name}`).check();
    await page.getByLabel(`选择 ${pending[1].name}`).check();
    await page.getByRole('button', { name: '批量通过所选（2）' }).click();
    await page.locator('[data-notice]', { hasText: '已通过 2 人' }).waitFor();
    await page.locator(`tr[data-vendor="${pending[0].phone}"]`).waitFor({ state: 'detached' });
    await expect(page.locator(`tr[data-vendor="${pending[2].phone}"]`).count()).resolves.toBe(1);
    for (const vendor of pending.slice(0, 2)) {
      await expect(staff<{ status: string }>('GET', `/api/vendors/${vendor.id}`)).resolves.toMatchObject({ status: 'approved' });
    }
    await expect(staff<{ status: string }>('GET', `/api/vendors/${pending[2].id}`)).resolves.toMatchObject({ status: 'pending' });

    // One vendor's details: set a priority group from the drawer.
    await page.locator(`tr[data-vendor="${pending[2].phone}"]`).getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('[data-vendor-details]');
    await drawer.waitFor();
    await drawer.getByText('老年人').click();
    await page.getByRole('button', { name: '保存优先组' }).click();
    await page.locator('[data-notice]', { hasText: '优先组已保存' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(staff<{ priorityGroups: string[] }>('GET', `/api/vendors/${pending[2].id}`)).resolves.toMatchObject({
      priorityGroups: ['elderly'],
    });
  });

  it('registers a grower at the desk and shows the one-time password once, which signs in', async () => {
    await go('/desk', '登记台');
    await page.locator('[data-vendor]').first().waitFor();
    deskPhone = phone(50);
    await page.getByRole('button', { name: '现场登记摊主' }).click();
    await page.getByLabel('姓名', { exact: true }).fill('赵大爷');
    await page.getByLabel('手机号', { exact: true }).fill(deskPhone);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('果农', { exact: true }).click();
    await dialog.getByText('水果', { exact: true }).click();
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const shown = page.locator('[data-one-time-password] output');
    await shown.waitFor();
    const password = (await shown.textContent())!.trim();
    expect(password).toMatch(/^\S{10}$/);
    await page.getByText('这个密码只显示这一次').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('desk-password');
    // The password works once given to the grower, for the first sign-in: on their phone the vendor
    // app asks them to choose their own at once, the one-time password already filled in.
    const grower = await app.browser.newContext({ ...PHONE, baseURL: server.url });
    const phoneApp = await grower.newPage();
    await phoneApp.goto('/vendor/');
    await phoneApp.getByLabel('手机号').fill(deskPhone);
    await phoneApp.getByLabel('密码').fill(password);
    await phoneApp.getByRole('button', { name: '登录' }).click();
    await phoneApp.getByText('工作人员给你的是临时密码，只用于第一次登录').waitFor();
    expect(await phoneApp.getByLabel('现在的密码').inputValue()).toBe(password);
    await phoneApp.getByLabel('新密码（至少 8 位）').fill('zhao-2026-own');
    await phoneApp.getByRole('button', { name: '修改密码' }).click();
    await phoneApp.getByText('密码已修改').waitFor();
    expect(await phoneApp.getByText('工作人员给你的是临时密码，只用于第一次登录').count()).toBe(0);
    await grower.close();
    const login = await call<{ role: string; mustChangePassword: boolean }>(server.url, 'POST', '/api/auth/login', null, {
      username: deskPhone,
      password: 'zhao-2026-own',
    });
    expect(login).toMatchObject({ role: 'vendor', mustChangePassword: false });
    await page.getByRole('button', { name: '我已记下，关闭' }).click();
    await shown.waitFor({ state: 'detached' });
    // The search finds them by part of the phone.
    await page.locator(`tr[data-vendor="${deskPhone}"]`).waitFor();
    await page.getByLabel('按姓名或手机号查找').fill(deskPhone.slice(-5));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator(`tr[data-vendor="${deskPhone}"]`, { hasText: '已通过' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('desk');
  });

  it('imports ten growers from a CSV with two bad rows and shows the per-row report', async () => {
    await go('/desk', '登记台');
    await page.getByRole('tab', { name: '导入 CSV' }).click();
    // The example file to start from.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载示例 CSV' }).click()]);
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^\uFEFF?name,phone,kind,categories\r?\n/);

    const rows = [
      '孙玉兰,' + phone(60) + ',vegetable_farmer,vegetables',
      '周建华,' + phone(61) + ',fruit_farmer,fruit',
      '吴桂芳,' + phone(62) + ',vendor,food',
      '赵大爷,' + deskPhone + ',fruit_farmer,fruit', // line 5: registered at the desk just now
      '郑小红,' + phone(63) + ',vegetable_farmer,vegetables|fruit',
      '冯国强,' + phone(64) + ',fruit_farmer,fruit',
      '陈秀珍,' + phone(65) + ',vendor,general',
      '褚卫东,12345,vegetable_farmer,vegetables', // line 9: not a mobile number
      '卫美玲,' + phone(66) + ',vegetable_farmer,vegetables',
      '蒋志刚,' + phone(67) + ',fruit_farmer,fruit|vegetables',
    ];
    const csv = ['name,phone,kind,categories', ...rows].join('\n') + '\n';
    await page.setInputFiles('#import-file', { name: 'growers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByText('已选择：growers.csv（11 行）').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.locator('[data-notice]', { hasText: '导入完成：成功 8 行，拒绝 2 行。' }).waitFor();

    const created = page.locator('[data-import-created] tbody tr');
    await created.nth(7).waitFor();
    await expect(created.count()).resolves.toBe(8);
    const createdRows = await created.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    );
    expect(createdRows.map((r) => r[0])).toEqual(['2', '3', '4', '6', '7', '8', '10', '11']);
    expect(createdRows.map((r) => r[1])).toEqual(['孙玉兰', '周建华', '吴桂芳', '郑小红', '冯国强', '陈秀珍', '卫美玲', '蒋志刚']);
    for (const row of createdRows) expect(row[3]).toMatch(/^\S{10}$/);
    const refusedRows = await page
      .locator('[data-import-refused] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(refusedRows.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
      ['5', '赵大爷', 'DUPLICATE_PHONE', '手机号'],
      ['9', '褚卫东', 'VALIDATION_FAILED', '手机号'],
    ]);
    expect(refusedRows[0][4]).toContain('手机号已登记');
    expect(refusedRows[1][4]).toContain('内容不符合要求');
    await page.getByText('这个密码只显示这一次').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The README's copy: the end of the created rows, the warning and the refused rows in one window.
    await page.locator('[data-import-refused]').scrollIntoViewIfNeeded();
    await readmeShot('import-report');
    await shot('import-report');
    // Created as approved vendors.
    const found = await staff<{ items: { name: string; status: string }[] }>('GET', `/api/vendors?q=${phone(67)}`);
    expect(found.items).toEqual([expect.objectContaining({ name: '蒋志刚', status: 'approved' })]);
  });

  it('decides an appeal from the queue of appealed violations, and records a violation', async () => {
    // An approved vendor with a violation, appealed through the API.
    const vendor = pending[0];
    const { accessToken } = await call<{ accessToken: string }>(server.url, 'POST', '/api/auth/login', null, {
      username: vendor.phone,
      password: 'grower-pass-2026',
    });
    const violation = await staff<{ id: string }>('POST', `/api/vendors/${vendor.id}/violations`, {
      type: 'litter',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      zoneId: district.zones[0].id,
      note: '收摊后未清理',
    });
    await call(server.url, 'POST', `/api/violations/${violation.id}/appeal`, accessToken, { text: '当天下大雨，垃圾已带走' });

    await go('/violations', '违规与申诉');
    const row = page.locator('[data-appeals] tbody tr', { hasText: '当天下大雨，垃圾已带走' });
    await row.waitFor();
    await row.getByText(vendor.name).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('violations');
    await row.getByRole('button', { name: '处理申诉' }).click();
    await page.getByText('撤销违规（不再计数，解除因此产生的暂停）').click();
    await page.getByLabel('处理说明').fill('核实监控，当天确已清理');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: '处理申诉' }).click();
    await page.locator('[data-notice]', { hasText: '申诉已处理' }).waitFor();
    await page.getByText('没有等待处理的申诉。').waitFor();
    const list = await staff<{ items: { id: string; status: string; resolutionNote: string }[] }>(
      'GET',
      `/api/vendors/${vendor.id}/violations`,
    );
    expect(list.items).toEqual([
      expect.objectContaining({ id: violation.id, status: 'overturned', resolutionNote: '核实监控，当天确已清理' }),
    ]);

    // Record one through the form: find the vendor by phone, pick the zone.
    await page.getByRole('combobox', { name: '摊主' }).fill(vendor.phone.slice(-6));
    await page.getByRole('option', { name: new RegExp(vendor.name) }).click();
    await page.locator('[data-history] tbody tr', { hasText: '已撤销' }).waitFor();
    await page.getByRole('combobox', { name: '发生摊区' }).click();
    await page.getByRole('option', { name: district.zones[0].name }).click();
    await page.getByLabel('情况说明').fill('超出划线范围摆摊');
    await page.getByRole('button', { name: '记录违规' }).click();
    await page.locator('[data-notice]', { hasText: '已记录：警告' }).waitFor();
    await page.locator('[data-history] tbody tr', { hasText: '超出划线范围摆摊' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('violations');
  });

  it("resolves a resident's feedback, showing the resident's words as text", async () => {
    const text = '晚市后垃圾没人清理 <b>请处理</b>';
    const made = await call<{ id: string }>(server.url, 'POST', `/api/public/zones/${district.zones[0].id}/feedback`, null, {
      kind: 'problem',
      text,
    });
    await go('/feedback', '居民意见');
    const row = page.locator('tr[data-feedback]', { hasText: text });
    await row.waitFor();
    expect(await row.locator('b').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('feedback');
    await row.getByRole('button', { name: '处理' }).click();
    await page.getByLabel('处理说明（做了什么）').fill('已安排保洁员晚市后清扫');
    await page.getByRole('dialog').getByRole('button', { name: '处理' }).click();
    await page.locator('[data-notice]', { hasText: '已标记为已处理' }).waitFor();
    await row.waitFor({ state: 'detached' });
    const resolved = await staff<{ items: { id: string; status: string; resolutionNote: string }[] }>(
      'GET',
      '/api/feedback?status=resolved',
    );
    expect(resolved.items).toEqual([
      expect.objectContaining({ id: made.id, status: 'resolved', resolutionNote: '已安排保洁员晚市后清扫' }),
    ]);
  });

  it('shows the approval in the audit log at the local time, with the record before and after', async () => {
    const approved = pending[0];
    await go('/audit', '操作日志');
    await page.locator('tr[data-audit]').first().waitFor();
    await page.getByLabel('对象编号').fill(approved.id);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const row = page.locator(`tr[data-audit="vendor.approve"][data-entity="${approved.id}"]`);
    await row.waitFor();
    // The time as this browser's clock shows it, with the date; not the API's ISO text.
    const time = row.locator('time[data-local-time]');
    const iso = (await time.getAttribute('datetime'))!;
    const shown = (await time.textContent())!.trim();
    const expected = await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat('zh-CN', {
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        }).format(new Date(at)),
      iso,
    );
    expect(shown).toBe(expected);
    expect(shown).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    await row.getByText('工作人员').waitFor();
    await row.getByRole('button', { name: '查看前后内容' }).click();
    await expect(row.getByRole('button', { name: '收起' }).getAttribute('aria-expanded')).resolves.toBe('true');
    const after = page.locator(`#audit-${await row.evaluate((tr) => tr.nextElementSibling?.id.replace('audit-', ''))} pre[data-after]`);
    await expect(after.textContent()).resolves.toContain('"status": "approved"');
    await expect(page.locator('pre[data-before]').first().textContent()).resolves.toContain('"status": "pending"');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('audit');
  });
});

import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { claim, countClaims, createMarket, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor, vendorInput } from '../factories/vendor.factory.js';
import { createZone } from '../factories/zone.factory.js';
import { bearer, createTestApp, useTestApp } from '../support/create-app.js';
import { expectError } from '../support/expect-error.js';
import { countOf } from '../support/rows.js';

const CJK = /[\u4e00-\u9fff]/;
/** Accept-Language values read as Chinese, and ones read as English (the default). */
const CHINESE = ['zh-CN', 'zh', 'zh-Hans-CN,zh;q=0.9,en;q=0.8', 'en;q=0.3, zh-TW;q=0.8'];
const ENGLISH = [undefined, 'en-US', 'de-DE,fr;q=0.9', 'zh;q=0, en'];

/**
 * Sends the same refused request in every language above; each answer has the
 * same status and code, a Chinese message for Chinese, an English one
 * otherwise, and says caches must key on the language. Returns the messages.
 */
async function inEveryLanguage(
  send: (language: string | undefined) => Promise<Response>,
  statusCode: number,
  code: string,
  oneText = true,
): Promise<{ zh: string; en: string }> {
  const messages: Record<'zh' | 'en', Set<string>> = { zh: new Set(), en: new Set() };
  for (const [language, expected] of [...CHINESE.map((l) => [l, 'zh'] as const), ...ENGLISH.map((l) => [l, 'en'] as const)]) {
    const res = await send(language);
    expectError(res, statusCode, code);
    const message = res.body.message as string;
    if (expected === 'zh') expect(message).toMatch(CJK);
    else expect(message).not.toMatch(CJK);
    expect(res.headers.vary).toMatch(/accept-language/i);
    messages[expected].add(message);
  }
  // One text per language (unless it counts down a wait): the header picks the language, nothing else changes.
  if (oneText) {
    expect(messages.zh.size).toBe(1);
    expect(messages.en.size).toBe(1);
  }
  return { zh: [...messages.zh][0], en: [...messages.en][0] };
}

const withLanguage = <T extends { set: (name: string, value: string) => T }>(req: T, language: string | undefined): T =>
  language === undefined ? req : req.set('Accept-Language', language);

describe('error messages follow Accept-Language; codes never change', () => {
  const t = useTestApp();

  it('409 SLOT_TAKEN names the stall, in Chinese for Chinese, and claims nothing', async () => {
    const market = await createMarket(t, { stalls: 7, category: 'general' });
    const holder = await approvedVendor(t);
    const other = await approvedVendor(t);
    await claim(t, holder.token, slot(market, '2026-12-02', 6));
    const before = await countClaims(t);
    const { zh, en } = await inEveryLanguage(
      (language) => withLanguage(t.http.post('/api/claims').set(bearer(other.token)), language).send(slot(market, '2026-12-02', 6)),
      409,
      'SLOT_TAKEN',
    );
    expect(zh).toBe('A07 号摊位在这个时段已被预约，请换一个摊位');
    expect(en).toBe('stall A07 is already claimed for morning on 2026-12-02');
    expect(await countClaims(t)).toBe(before);
  });

  it('400 VALIDATION_FAILED names every bad field in both languages, and registers nobody', async () => {
    const before = await countOf(t, 'vendors');
    const body = vendorInput({ phone: '12', kind: 'farmer', categories: ['flowers'] });
    const { zh, en } = await inEveryLanguage(
      (language) => withLanguage(t.http.post('/api/vendors/register'), language).send(body),
      400,
      'VALIDATION_FAILED',
    );
    for (const field of ['phone', 'kind', 'categories']) {
      expect(zh).toContain(field);
      expect(en).toContain(field);
    }
    expect(zh).toMatch(/^以下内容填写有误，请检查：/);
    expect(zh).not.toContain('name');
    expect(await countOf(t, 'vendors')).toBe(before);
  });

  it('401 UNAUTHORIZED without a token and with a bad one', async () => {
    const missing = await inEveryLanguage((language) => withLanguage(t.http.get('/api/vendors/me/claims'), language), 401, 'UNAUTHORIZED');
    expect(missing.zh).toBe('请先登录');
    const bad = await inEveryLanguage(
      (language) => withLanguage(t.http.get('/api/vendors/me/claims').set(bearer('not.a.token')), language),
      401,
      'UNAUTHORIZED',
    );
    expect(bad.zh).toBe('登录已失效，请重新登录');
  });

  it('404 NOT_FOUND says what is missing', async () => {
    const vendor = await approvedVendor(t);
    const missing = randomUUID();
    const { zh } = await inEveryLanguage(
      (language) => withLanguage(t.http.get(`/api/claims/${missing}`).set(bearer(vendor.token)), language),
      404,
      'NOT_FOUND',
    );
    expect(zh).toBe('找不到这条预约');
    const route = await inEveryLanguage(
      (language) => withLanguage(t.http.get('/api/no-such-route').set(bearer(vendor.token)), language),
      404,
      'NOT_FOUND',
    );
    expect(route).toEqual({ zh: '找不到您要找的内容', en: 'Not found' });
  });

  it('405 METHOD_NOT_ALLOWED keeps its Allow header in both languages', async () => {
    const { zh } = await inEveryLanguage((language) => withLanguage(t.http.delete('/api/zones'), language), 405, 'METHOD_NOT_ALLOWED');
    expect(zh).toBe('这个地址不支持这种请求方式（可用：GET, HEAD, POST）');
    const res = await t.http.delete('/api/zones').set('Accept-Language', 'zh-CN');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });

  it('403 and 422 refusals of the claim rules are in Chinese too', async () => {
    const market = await createMarket(t, { stalls: 1, category: 'fruit' });
    const vendor = await approvedVendor(t, { categories: ['vegetables'] });
    const mismatch = await postClaim(t, vendor.token, slot(market, '2026-12-03')).set('Accept-Language', 'zh-CN');
    expectError(mismatch, 422, 'CATEGORY_MISMATCH');
    expect(mismatch.body.message).toBe('这是水果摊位，和您登记的经营品类不符，请换一个摊位');
    const pending = await t.http.post('/api/vendors/register').send(vendorInput());
    const notApproved = await postClaim(t, t.tokenFor(pending.body.id, 'vendor'), slot(market, '2026-12-03')).set('Accept-Language', 'zh');
    expectError(notApproved, 403, 'VENDOR_NOT_APPROVED');
    expect(notApproved.body.message).toBe('您的摊主资格还没有审核通过，暂时不能预约');
  });

  it('framework refusals (415, malformed JSON) answer in Chinese as well', async () => {
    const vendor = await approvedVendor(t);
    const wrongType = await t.http
      .post('/api/claims')
      .set(bearer(vendor.token))
      .set('Accept-Language', 'zh-CN')
      .set('Content-Type', 'application/xml')
      .send('<claim/>');
    expectError(wrongType, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(wrongType.body.message).toMatch(CJK);
    const malformed = await t.http
      .post('/api/claims')
      .set(bearer(vendor.token))
      .set('Accept-Language', 'zh-CN')
      .set('Content-Type', 'application/json')
      .send('{"stallId":');
    expectError(malformed, 400, 'VALIDATION_FAILED');
    expect(malformed.body.message).toMatch(CJK);
  });
});

describe('429 RATE_LIMITED in both languages', () => {
  it('the per-address limit says how long to wait, with Retry-After, and stores nothing', async () => {
    const t = await createTestApp({ env: { FEEDBACK_RATE_LIMIT_PER_HOUR: '1' } });
    try {
      const zone = await createZone(t);
      const post = (language: string | undefined) =>
        withLanguage(t.http.post(`/api/public/zones/${zone.id}/feedback`), language).send({ kind: 'wish', text: '想要一个水果摊' });
      expect((await post('zh-CN')).status).toBe(201);
      const { zh, en } = await inEveryLanguage(post, 429, 'RATE_LIMITED', false);
      expect(zh).toMatch(/^操作太频繁了，请 \d+ (秒|分钟)后再试$/);
      expect(en).toMatch(/^too many requests from this address: retry in \d+ s$/);
      const again = await post('zh-CN');
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
      expect(await countOf(t, 'feedback')).toBe(1);
    } finally {
      await t.close();
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from './error-code.js';
import { MESSAGES, messageOf } from './messages.js';

const CJK = /[\u4e00-\u9fff]/;
const CODES = Object.values(ErrorCode);

describe('error messages', () => {
  it.each(CODES)('%s has an English and a Chinese text, with or without params', (code) => {
    expect(MESSAGES[code]).toBeDefined();
    for (const params of [{}, { stall: 'A07', date: '2026-12-08', fields: 'phone, kind', seconds: 42, max: 3, what: 'stall' }]) {
      const en = messageOf(code, 'en', params);
      const zh = messageOf(code, 'zh', params);
      expect(en.trim()).not.toBe('');
      expect(zh.trim()).not.toBe('');
      expect(zh).toMatch(CJK);
      expect(en).not.toMatch(CJK);
      expect(`${en} ${zh}`).not.toMatch(/undefined|null|NaN|\[object/);
    }
  });

  it('keeps the throw site’s English detail and fills the Chinese text with the params', () => {
    expect(messageOf(ErrorCode.SLOT_TAKEN, 'en', { stall: 'A07' }, 'stall A07 is already claimed for morning on 2026-12-08')).toBe(
      'stall A07 is already claimed for morning on 2026-12-08',
    );
    expect(messageOf(ErrorCode.SLOT_TAKEN, 'zh', { stall: 'A07' }, 'stall A07 is already claimed')).toBe(
      'A07 号摊位在这个时段已被预约，请换一个摊位',
    );
    expect(messageOf(ErrorCode.SLOT_TAKEN, 'zh')).toBe('该摊位在这个时段已被预约，请换一个摊位');
  });

  it('names every bad field in Chinese, as the API spells it', () => {
    expect(messageOf(ErrorCode.VALIDATION_FAILED, 'zh', { fields: 'phone, kind, categories' })).toBe(
      '以下内容填写有误，请检查：phone、kind、categories',
    );
  });

  it('says how long to wait', () => {
    expect(messageOf(ErrorCode.RATE_LIMITED, 'zh', { seconds: 42 })).toBe('操作太频繁了，请 42 秒后再试');
    expect(messageOf(ErrorCode.RATE_LIMITED, 'zh', { seconds: 900 })).toBe('操作太频繁了，请 15 分钟后再试');
  });

  it('names what was not found', () => {
    expect(messageOf(ErrorCode.NOT_FOUND, 'zh', { what: 'claim' })).toBe('找不到这条预约');
    expect(messageOf(ErrorCode.NOT_FOUND, 'zh', { what: 'resource' })).toBe('找不到您要找的内容');
  });

  it('has a Chinese noun for every thing the service reports missing (notFound calls in src/)', () => {
    const root = join(process.cwd(), 'src');
    const things = new Set<string>();
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      for (const match of readFileSync(join(root, file), 'utf8').matchAll(/notFound\('([^']+)'/g)) things.add(match[1]);
    }
    things.delete('resource'); // a malformed id: it names nothing
    expect(things.size).toBeGreaterThan(10);
    for (const what of things) expect([what, messageOf(ErrorCode.NOT_FOUND, 'zh', { what })]).not.toEqual([what, '找不到您要找的内容']);
  });
});

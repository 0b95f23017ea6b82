import { readFileSync } from 'node:fs';
import { KNOWN_CODES } from './codes.js';

type Tree = { [key: string]: string | Tree };
const read = (locale: string) => JSON.parse(readFileSync(new URL(`./i18n/${locale}.json`, import.meta.url), 'utf8')) as Tree;
const leaves = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key] : leaves(value, `${prefix}${key}.`)));

describe("the vendor app's messages", () => {
  const zh = read('zh-CN');
  const en = read('en');

  it('have the same keys in Chinese and English', () => {
    expect(leaves(en).sort()).toEqual(leaves(zh).sort());
  });

  it('explain every code the app maps, in both languages', () => {
    const errors = (tree: Tree) => (tree.vendor as Tree).errors as Tree;
    for (const code of KNOWN_CODES) {
      expect(typeof errors(zh)[code]).toBe('string');
      expect(typeof errors(en)[code]).toBe('string');
    }
    expect(errors(zh).SLOT_TAKEN).toMatch(/[\u4e00-\u9fff]/);
  });
});

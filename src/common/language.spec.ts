import { languageOf } from './language.js';

describe('languageOf', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh'],
    ['zh-Hans-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US,zh;q=0.5', 'en'],
    ['fr-FR,zh;q=0.4,en;q=0.3', 'zh'],
    ['zh;q=0, en', 'en'],
    ['de', 'en'],
    ['zh;q=abc', 'en'],
  ])('reads %s as %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});

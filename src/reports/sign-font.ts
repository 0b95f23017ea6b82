import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Noto Sans SC from the npm package @fontsource/noto-sans-sc (SIL Open Font
 * License 1.1, which allows embedding): its "chinese-simplified" file holds
 * ~7,900 characters (common Chinese, Latin letters, digits, punctuation), its
 * "latin" file the rest of Latin. Read from node_modules once, never fetched
 * at run time; PDFKit embeds only the glyphs a document uses.
 */
export interface SignFonts {
  chinese: Buffer;
  latin: Buffer;
}

let fonts: SignFonts | undefined;

export function signFonts(): SignFonts {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const file = (name: string) => readFileSync(require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-${name}-400-normal.woff`));
    fonts = { chinese: file('chinese-simplified'), latin: file('latin') };
  }
  return fonts;
}

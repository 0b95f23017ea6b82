import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

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
    const file = (name: string) =>
      woffToSfnt(readFileSync(require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-${name}-400-normal.woff`)));
    fonts = { chinese: file('chinese-simplified'), latin: file('latin') };
  }
  return fonts;
}

/**
 * A WOFF 1.0 font as the OpenType (sfnt) font it wraps, its tables inflated
 * by Node's zlib: fontkit would inflate them in JavaScript (tiny-inflate) for
 * every document, ≈ 10 s for the Chinese file.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compressed = woff.readUInt32BE(at + 8);
    const length = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data: compressed < length ? inflateSync(raw) : raw };
  });
  const power = 2 ** Math.floor(Math.log2(count));
  const head = Buffer.alloc(12 + 16 * count);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(count, 4);
  head.writeUInt16BE(power * 16, 6);
  head.writeUInt16BE(Math.log2(power), 8);
  head.writeUInt16BE(count * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = head.length;
  tables.forEach((table, i) => {
    const at = 12 + i * 16;
    table.tag.copy(head, at);
    head.writeUInt32BE(table.checksum, at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(table.data.length, at + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([head, ...bodies]);
}

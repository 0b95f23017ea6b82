import { PNG } from 'pngjs';
import { inflateSync } from 'node:zlib';
import { pngFile } from '../../src/reports/stall-qr.js';

/**
 * Just enough of PDF to check what PDFKit writes (objects uncompressed,
 * streams deflated): the pages, link URIs, outline titles, and the images as
 * RGBA pixels.
 */
export interface PdfImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export function pageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type \/Page\b(?!s)/g)].length;
}

/** A PDF string's text: literal (…) with escapes, or <hex>, UTF-16BE with a BOM or PDFDocEncoding. */
function pdfString(raw: string): string {
  let bytes: number[];
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s/g, '');
    bytes = hex.match(/../g)!.map((h) => parseInt(h, 16));
  } else {
    const body = raw
      .slice(1, -1)
      .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
        /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[e] ?? e),
      );
    bytes = [...body].map((c) => c.charCodeAt(0));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.slice(2)).swap16().toString('utf16le');
  return Buffer.from(bytes).toString('latin1');
}

const STRING = String.raw`(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)`;

export function linkUris(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(new RegExp(String.raw`/URI ${STRING}`, 'g'))].map((m) => pdfString(m[1]));
}

/** Each indirect object's dictionary text (up to its stream, if any) and where its stream's data starts. */
function objects(pdf: Buffer): { head: string; dataAt: number }[] {
  const text = pdf.toString('latin1');
  const found: { head: string; dataAt: number }[] = [];
  const start = /\d+ 0 obj\b/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const end = text.indexOf('endobj', m.index);
    const body = text.slice(m.index, end < 0 ? undefined : end);
    const stream = /\bstream\r?\n/.exec(body);
    found.push({ head: stream ? body.slice(0, stream.index) : body, dataAt: stream ? m.index + stream.index + stream[0].length : -1 });
    if (end > 0) start.lastIndex = end;
  }
  return found;
}

/** The outline's entries (dictionaries with a destination and a title), in the order written. */
export function outlineTitles(pdf: Buffer): string[] {
  const titles: string[] = [];
  for (const { head } of objects(pdf)) {
    const title = new RegExp(String.raw`/Title ${STRING}`).exec(head);
    if (title && /\/Dest\b/.test(head)) titles.push(pdfString(title[1]));
  }
  return titles;
}

/**
 * Every 8-bit RGB or grey image XObject, decoded to RGBA: data PDFKit took
 * from a PNG as it was (PNG predictors: read back as that PNG), or raw
 * deflated pixels. Alpha masks (SMask images) are left out.
 */
export function images(pdf: Buffer): PdfImage[] {
  const all = objects(pdf);
  const masks = new Set(all.flatMap(({ head }) => [...(/\/SMask (\d+) 0 R/.exec(head) ?? [])].slice(1)));
  const found: PdfImage[] = [];
  for (const { head, dataAt } of all) {
    const id = /^(\d+) 0 obj/.exec(head)![1];
    if (!/\/Subtype \/Image/.test(head) || masks.has(id) || dataAt < 0) continue;
    const colours = /\/ColorSpace \/DeviceRGB/.test(head) ? 3 : /\/ColorSpace \/DeviceGray/.test(head) ? 1 : 0;
    if (colours === 0) continue;
    const width = Number(/\/Width (\d+)/.exec(head)![1]);
    const height = Number(/\/Height (\d+)/.exec(head)![1]);
    const length = Number(/\/Length (\d+)/.exec(head)![1]);
    const data = pdf.subarray(dataAt, dataAt + length);
    if (/\/DecodeParms/.test(head)) {
      const png = PNG.sync.read(pngFile(width, height, colours === 3 ? 2 : 0, data));
      found.push({ width, height, rgba: new Uint8ClampedArray(png.data) });
      continue;
    }
    const pixels = inflateSync(data);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * colours + (colours === 3 ? c : 0)];
      rgba[i * 4 + 3] = 255;
    }
    found.push({ width, height, rgba });
  }
  return found;
}

import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** A stall's public page, the address its sign's QR code holds. */
export function stallPageUrl(origin: string, stallId: string): string {
  return `${origin}/s/${stallId}`;
}

const SCALE = 8;
/** The standard quiet zone, in modules. */
const MARGIN = 4;

/**
 * The QR code of a URL (error correction M: a sign survives some rain and
 * scuffs) as an 8-bit greyscale PNG without alpha, 8 pixels a module: PDFKit
 * embeds such a PNG's compressed data as it is, whereas qrcode's own RGBA PNG
 * makes it decode and split every pixel in JavaScript (seconds per sign).
 */
export function qrPng(url: string): Buffer {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2 * MARGIN) * SCALE;
  const rows = Buffer.alloc(side * (side + 1), 0xff);
  for (let y = 0; y < side; y++) {
    const row = y * (side + 1);
    rows[row] = 0; // PNG filter: none
    const my = Math.floor(y / SCALE) - MARGIN;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / SCALE) - MARGIN;
      if (my >= 0 && my < modules.size && mx >= 0 && mx < modules.size && modules.get(my, mx)) rows[row + 1 + x] = 0;
    }
  }
  return pngFile(side, side, 0, deflateSync(rows));
}

/**
 * A PNG file around compressed image data: 8 bits a sample, `colourType` 0
 * (greyscale) or 2 (RGB), deflate, adaptive filtering, no interlace.
 */
export function pngFile(width: number, height: number, colourType: 0 | 2, idat: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

import QRCode from 'qrcode';

/** A stall's public page, the address its sign's QR code holds. */
export function stallPageUrl(origin: string, stallId: string): string {
  return `${origin}/s/${stallId}`;
}

/**
 * The QR code of a URL as a PNG: error correction M (a sign survives some
 * rain and scuffs), 8 pixels a module, the standard 4-module quiet zone.
 */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', scale: 8, margin: 4 });
}

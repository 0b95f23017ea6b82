import PDFDocument from 'pdfkit';
import type { StallCategory } from '../stalls/stall.js';
import { signFonts } from './sign-font.js';
import { qrPng, stallPageUrl } from './stall-qr.js';

export interface SignSheet {
  zone: { name: string; district: string; address: string };
  sessions: { name: string; startTime: string; endTime: string }[];
  stalls: { id: string; code: string; category: StallCategory }[];
  /** Where residents reach the service, without a trailing slash. */
  origin: string;
  /** The document's creation date (the injected clock's). */
  createdAt: Date;
}

const CATEGORY_NAMES: Record<StallCategory, string> = {
  vegetables: '蔬菜 vegetables',
  fruit: '水果 fruit',
  food: '小吃 food',
  general: '综合 general',
};

// A5 portrait, in points: a sign fits a clear sleeve on a stall's post.
const WIDTH = 419.53;
const MARGIN = 36;
const INNER = WIDTH - 2 * MARGIN;
const QR_SIZE = 190;

/**
 * Printable stall signs (一摊一码), one A5 page per stall: zone, stall code,
 * category, session times and a QR code of the stall's public page, which is
 * also a link on the page and an entry of the document's outline (the stall
 * code), so a reader finds a stall's page by its code.
 */
export async function stallSignsPdf(sheet: SignSheet): Promise<Buffer> {
  const { chinese, latin } = signFonts();
  const doc = new PDFDocument({
    size: 'A5',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: `${sheet.zone.name} 摊位码 stall signs`, Creator: 'Tidal Market', CreationDate: sheet.createdAt },
  });
  doc.registerFont('zh', chinese);
  doc.registerFont('latin', latin);
  const chineseFont = (doc.font('zh') as unknown as { _font: { font: { hasGlyphForCodePoint(c: number): boolean } } })._font.font;
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  /** Text in runs of the font that has each character (Chinese first, then Latin). */
  const write = (text: string, size: number, options: PDFKit.Mixins.TextOptions = {}) => {
    const runs: { font: string; text: string }[] = [];
    for (const char of text) {
      const font = chineseFont.hasGlyphForCodePoint(char.codePointAt(0)!) ? 'zh' : 'latin';
      if (runs.at(-1)?.font === font) runs.at(-1)!.text += char;
      else runs.push({ font, text: char });
    }
    doc.fontSize(size);
    runs.forEach((run, i) => doc.font(run.font).text(run.text, { ...options, continued: i < runs.length - 1 }));
  };

  const times = sheet.sessions.map((s) => `${s.name} ${s.startTime}–${s.endTime}`).join('   ');
  for (const stall of sheet.stalls) {
    const url = stallPageUrl(sheet.origin, stall.id);
    doc.addPage();
    doc.outline.addItem(stall.code);
    write(sheet.zone.name, 22, { align: 'center', width: INNER });
    write(`${sheet.zone.district} · ${sheet.zone.address}`, 10, { align: 'center', width: INNER });
    doc.moveDown(0.6);
    write(stall.code, 72, { align: 'center', width: INNER });
    write(CATEGORY_NAMES[stall.category], 16, { align: 'center', width: INNER });
    doc.moveDown(0.4);
    write(times === '' ? '暂无场次 no sessions yet' : times, 11, { align: 'center', width: INNER });
    const top = doc.y + 12;
    const left = (WIDTH - QR_SIZE) / 2;
    doc.image(qrPng(url), left, top, { width: QR_SIZE, height: QR_SIZE });
    doc.link(left, top, QR_SIZE, QR_SIZE, url);
    doc.y = top + QR_SIZE + 8;
    write('扫码查看摊位信息、留言反馈', 12, { align: 'center', width: INNER });
    write('Scan for this stall’s page and to leave feedback', 9, { align: 'center', width: INNER });
    write(url, 7, { align: 'center', width: INNER });
  }
  if (sheet.stalls.length === 0) {
    doc.addPage();
    write(`${sheet.zone.name}：暂无摊位 no stalls`, 16, { align: 'center', width: INNER });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

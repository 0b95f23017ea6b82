import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { qrPng, stallPageUrl } from '../../src/reports/stall-qr.js';
import { createStalls, createSession, createZone } from '../factories/zone.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { expectError } from '../support/expect-error.js';
import { asBytes } from '../support/bytes.js';
import { bearer, createTestApp, TestApp, useTestApp } from '../support/create-app.js';
import { images, linkUris, outlineTitles, pageCount } from '../support/pdf.js';

/** jsqr is CommonJS with an `exports.default`. */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

function binary(t: TestApp, path: string, token: string) {
  return t.http.get(path).set(bearer(token)).buffer(true).parse(asBytes);
}

function decode(image: { width: number; height: number; rgba: Uint8ClampedArray }): string | undefined {
  return jsQR(image.rgba, image.width, image.height)?.data;
}

describe('GET /api/zones/:zoneId/stalls/signs.pdf', () => {
  describe('with the origin of the request', () => {
    const t = useTestApp();

    it('prints one page per stall, each with a QR code that decodes to that stall’s public URL', async () => {
      const zone = await createZone(t, { name: '东城潮汐摊区' });
      const stalls = [...(await createStalls(t, zone.id, 3, 'vegetables', 'A')), ...(await createStalls(t, zone.id, 2, 'fruit', 'B'))];
      await createSession(t, zone.id, { name: '早市', startTime: '06:00', endTime: '09:00' });
      await createSession(t, zone.id, { name: '夜市', startTime: '18:00', endTime: '21:00' });

      const res = await binary(t, `/api/zones/${zone.id}/stalls/signs.pdf`, t.staffToken).set('Host', 'market.example.test:8080');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(pdf)).toBe(5);

      const urls = stalls.map((s) => `http://market.example.test:8080/s/${s.id}`);
      expect(linkUris(pdf)).toEqual(urls);
      expect(outlineTitles(pdf)).toEqual(['A01', 'A02', 'A03', 'B01', 'B02']);
      // The Chinese font is embedded (a subset), not left to the reader.
      expect(pdf.toString('latin1')).toMatch(/\/FontFile2|\/FontFile3/);

      const qrs = images(pdf);
      expect(qrs).toHaveLength(5);
      expect(qrs.map(decode)).toEqual(urls);
    });

    it('is for staff only, and 404 for an unknown zone', async () => {
      const vendor = await approvedVendor(t);
      const zone = await createZone(t);
      expectError(await t.http.get(`/api/zones/${zone.id}/stalls/signs.pdf`).set(bearer(vendor.token)), 403, 'FORBIDDEN');
      expectError(await t.http.get(`/api/zones/${zone.id}/stalls/signs.pdf`), 401, 'UNAUTHORIZED');
      expectError(
        await t.http.get('/api/zones/0193a4b2-7c1e-7d2a-9f00-1234567890ab/stalls/signs.pdf').set(bearer(t.staffToken)),
        404,
        'NOT_FOUND',
      );
      // A zone without stalls: one page saying so.
      const empty = await binary(t, `/api/zones/${zone.id}/stalls/signs.pdf`, t.staffToken).expect(200);
      expect(pageCount(empty.body as Buffer)).toBe(1);
    });
  });

  describe('with PUBLIC_BASE_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://tide.example.gov.cn/market/' } });
    });
    afterAll(() => t.close());

    it('points the codes at the configured origin, whatever the Host', async () => {
      const zone = await createZone(t);
      const [stall] = await createStalls(t, zone.id, 1);
      const res = await binary(t, `/api/zones/${zone.id}/stalls/signs.pdf`, t.staffToken).set('Host', 'evil.example').expect(200);
      const expected = `https://tide.example.gov.cn/market/s/${stall.id}`;
      expect(linkUris(res.body as Buffer)).toEqual([expected]);
      expect(images(res.body as Buffer).map(decode)).toEqual([expected]);
    });
  });

  it('the QR function’s PNG decodes to the URL it was given', async () => {
    const url = stallPageUrl('http://localhost:3000', '0193a4b2-7c1e-7d2a-9f00-1234567890ab');
    const png = PNG.sync.read(qrPng(url));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url);
  });
});

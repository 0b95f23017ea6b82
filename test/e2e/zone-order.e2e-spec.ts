import { createZone } from '../factories/zone.factory.js';
import { bearer, useTestApp } from '../support/create-app.js';

describe('GET /api/zones in natural order', () => {
  const t = useTestApp();

  it('orders by district, then name with numbers compared as numbers (第2摊区 before 第10摊区), the same across pages', async () => {
    // Created in an order that neither creation time, id nor plain text order would put right.
    const names = ['第10摊区', '第2摊区', '第1摊区', '第21摊区', '第3摊区', '第11摊区', '第100摊区', '第20摊区', 'A2', 'A10'];
    for (const name of names) await createZone(t, { name, district: '南川区' });
    await createZone(t, { name: '第1摊区', district: '北城区' });
    await createZone(t, { name: '第9摊区', district: '北城区' });

    // The Chinese collation puts Han names (in pinyin order) before Latin ones.
    const expected = ['第1摊区', '第2摊区', '第3摊区', '第10摊区', '第11摊区', '第20摊区', '第21摊区', '第100摊区', 'A2', 'A10'];
    const whole = await t.http.get('/api/zones?district=南川区&limit=200').set(bearer(t.staffToken)).expect(200);
    expect(whole.body.items.map((z: { name: string }) => z.name)).toEqual(expected);

    const paged: string[] = [];
    for (let offset = 0; offset < 10; offset += 3) {
      const page = await t.http.get(`/api/zones?district=南川区&limit=3&offset=${offset}`).set(bearer(t.staffToken)).expect(200);
      expect(page.body.total).toBe(10);
      paged.push(...page.body.items.map((z: { name: string }) => z.name));
    }
    expect(paged).toEqual(expected);

    // Without a district: grouped by district (北城区 before 南川区 in the Chinese collation: běi < nán), each in natural order.
    const all = await t.http.get('/api/zones?limit=200').set(bearer(t.staffToken)).expect(200);
    expect(all.body.items.map((z: { district: string; name: string }) => `${z.district}/${z.name}`)).toEqual([
      '北城区/第1摊区',
      '北城区/第9摊区',
      ...expected.map((name) => `南川区/${name}`),
    ]);

    const searched = await t.http
      .get(`/api/zones?q=${encodeURIComponent('摊区')}&district=南川区&limit=4&offset=2`)
      .set(bearer(t.staffToken));
    expect(searched.body.items.map((z: { name: string }) => z.name)).toEqual(['第3摊区', '第10摊区', '第11摊区', '第20摊区']);
    expect(searched.body.total).toBe(8);
  });
});

import { bearer, useTestApp } from '../support/create-app.js';
import { createSession, createStalls, createZone } from '../factories/zone.factory.js';

describe('smoke', () => {
  const t = useTestApp();

  it('creates a zone, stalls, a session and shows the schedule', async () => {
    const zone = await createZone(t);
    const stalls = await createStalls(t, zone.id, 3);
    expect(stalls.map((s) => s.code)).toEqual(['A01', 'A02', 'A03']);
    await createSession(t, zone.id);
    const res = await t.http.get(`/api/zones/${zone.id}/schedule?from=2026-12-01&to=2026-12-02`).set(bearer(t.staffToken)).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        date: '2026-12-01',
        start: '2026-12-01T06:00:00+08:00',
        end: '2026-12-01T09:00:00+08:00',
        cancelled: false,
      }),
      expect.objectContaining({ date: '2026-12-02', start: '2026-12-02T06:00:00+08:00' }),
    ]);
  });
});

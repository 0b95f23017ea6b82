import { boundingBox } from '../public/geo.js';
import type { Zone } from './zone.js';
import { ZoneMap } from './zone-map.js';

/** A zone at a point; the map reads nothing else. */
const at = (id: number, latitude: number, longitude: number) => ({ id: String(id), latitude, longitude }) as Zone;

describe('ZoneMap', () => {
  // A deterministic scatter: a city, a pole, both sides of the antimeridian.
  const zones: Zone[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  for (let i = 0; i < 3000; i++) zones.push(at(i, 29.3 + next() * 0.5, 106.3 + next() * 0.5));
  for (let i = 0; i < 50; i++) zones.push(at(3000 + i, 89.5 + next() * 0.5, -180 + next() * 360));
  for (let i = 0; i < 50; i++) zones.push(at(3100 + i, -17 + next(), next() < 0.5 ? 179.9 + next() * 0.1 : -180 + next() * 0.1));
  const map = new ZoneMap(zones);
  const brute = (box: ReturnType<typeof boundingBox>) =>
    zones
      .filter((z) => z.latitude >= box.minLat && z.latitude <= box.maxLat && z.longitude >= box.minLng && z.longitude <= box.maxLng)
      .map((z) => z.id)
      .sort();

  it('finds exactly the zones a scan of all of them finds, for small, large, polar and antimeridian boxes', () => {
    const centres = [
      [29.55, 106.55],
      [29.31, 106.31],
      [89.9, 10],
      [-16.5, 179.99],
      [-16.5, -179.99],
    ];
    for (const [lat, lng] of centres) {
      for (const radius of [1, 100, 1000, 5000, 20_000]) {
        const box = boundingBox(lat, lng, radius);
        expect(
          map
            .withinBox(box)
            .map((z) => z.id)
            .sort(),
        ).toEqual(brute(box));
      }
    }
  });

  it('includes a zone on the box’s edge', () => {
    const edge = new ZoneMap([at(1, 30, 107)]);
    expect(edge.withinBox({ minLat: 30, maxLat: 30.5, minLng: 106.5, maxLng: 107 })).toHaveLength(1);
    expect(edge.withinBox({ minLat: 30.000001, maxLat: 30.5, minLng: 106.5, maxLng: 107 })).toHaveLength(0);
  });
});

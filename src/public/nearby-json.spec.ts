import type { Occurrence } from '../sessions/occurrences.js';
import type { Zone } from '../zones/zone.js';
import { NearbyJson } from './nearby-json.js';
import type { ZoneCard } from './zone-cards.js';

const zone = (id: string, name: string, latitude: number, longitude: number): Zone => ({
  id,
  name,
  district: '南川区',
  address: '金佛大道 18 号旁 "东门"\\',
  latitude,
  longitude,
  timezone: 'Asia/Shanghai',
  description: null,
  maxClaimsPerVendorPerWeek: 7,
  bookingHorizonDays: 14,
  offerHoldMinutes: 60,
  status: 'active',
  createdAt: 0,
  updatedAt: 0,
});

const card = (fruit: number, praise: number): ZoneCard => ({
  stamp: { version: 0, builtAt: 0 },
  runs: [],
  further: null,
  held: { vegetables: 1, fruit, food: 0, general: 2 },
  heldChangesAt: null,
  feedback: { wish: 3, problem: 0, praise, resolved: 1 },
});

const evening: Occurrence = {
  sessionId: 's1',
  name: '夜市',
  date: '2026-12-02',
  start: 0,
  end: 1,
  startIso: '2026-12-02T18:00:00+08:00',
  endIso: '2026-12-02T21:00:00+08:00',
  cancelled: false,
};

describe('NearbyJson', () => {
  it('writes the NearbyZonesResponse the objects describe, the same again from its kept pieces', () => {
    const json = new NearbyJson();
    const [east, west] = [zone('z1', '东城潮汐摊区', 29.157123456789, 107.099), zone('z2', 'West 🍉', -0.5, 1e-7)];
    const [eastCard, westCard] = [card(4, 2), card(0, 0)];
    const items = [
      { zone: east, distance: 120.5, card: eastCard, openNow: true, nextSession: evening },
      { zone: west, distance: 999.49, card: westCard, openNow: false, nextSession: null },
    ];
    const expected = {
      items: [
        {
          ...{ id: 'z1', name: '东城潮汐摊区', district: '南川区', address: east.address, latitude: 29.157123456789, longitude: 107.099 },
          ...{ timezone: 'Asia/Shanghai', distanceM: 121, openNow: true },
          nextSession: { name: '夜市', start: '2026-12-02T18:00:00+08:00', end: '2026-12-02T21:00:00+08:00' },
          stallsClaimedToday: { vegetables: 1, fruit: 4, food: 0, general: 2 },
          feedback: { wish: 3, problem: 0, praise: 2, resolved: 1 },
        },
        {
          ...{ id: 'z2', name: 'West 🍉', district: '南川区', address: west.address, latitude: -0.5, longitude: 1e-7 },
          ...{ timezone: 'Asia/Shanghai', distanceM: 999, openNow: false, nextSession: null },
          stallsClaimedToday: { vegetables: 1, fruit: 0, food: 0, general: 2 },
          feedback: { wish: 3, problem: 0, praise: 0, resolved: 1 },
        },
      ],
      total: 7,
    };
    expect(JSON.parse(json.write(items, 7).toString('utf8'))).toEqual(expected);
    expect(JSON.parse(json.write(items, 7).toString('utf8'))).toEqual(expected);
    expect(JSON.parse(json.write([], 0).toString('utf8'))).toEqual({ items: [], total: 0 });
  });

  it('writes a card again when its next session moves on or its zone is replaced', () => {
    const json = new NearbyJson();
    const east = zone('z1', '东城潮汐摊区', 29.15, 107.09);
    const eastCard = card(1, 1);
    const parsed = (item: Parameters<NearbyJson['write']>[0][number]) => JSON.parse(json.write([item], 1).toString('utf8')).items[0];
    expect(parsed({ zone: east, distance: 5, card: eastCard, openNow: true, nextSession: evening }).nextSession.name).toBe('夜市');
    expect(parsed({ zone: east, distance: 5, card: eastCard, openNow: true, nextSession: null }).nextSession).toBeNull();
    const renamed = { ...east, name: '东城夜市' };
    expect(parsed({ zone: renamed, distance: 5, card: eastCard, openNow: false, nextSession: null })).toMatchObject({
      name: '东城夜市',
      openNow: false,
    });
  });
});

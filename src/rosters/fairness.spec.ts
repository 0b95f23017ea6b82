import fc from 'fast-check';
import { fill, rank, Tally } from './fairness.js';
import { addDays } from '../recurrence/calendar.js';

const dates = (n: number) => Array.from({ length: n }, (_, i) => addDays('2026-12-01', i));

describe('rank', () => {
  it('puts the fewest served first, then the longest since the last, then the vendor id', () => {
    const tallies = new Map<string, Tally>([
      ['a', { served: 2, last: '2026-12-01' }],
      ['b', { served: 1, last: '2026-12-05' }],
      ['c', { served: 1, last: '2026-12-03' }],
      ['d', { served: 0, last: null }],
      ['e', { served: 1, last: '2026-12-03' }],
    ]);
    expect(rank(['a', 'b', 'c', 'd', 'e', 'f'], tallies)).toEqual(['d', 'f', 'c', 'e', 'b', 'a']);
  });
});

describe('fill', () => {
  it('gives 12 vendors present every day of 30, two a day, 5 duties each', () => {
    const vendors = Array.from({ length: 12 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    const picks = fill(
      dates(30).map((date) => ({ dutyId: 'clean', date, needed: 2, present: vendors })),
      new Map(),
      [],
    );
    const counts = vendors.map((v) => picks.filter((p) => p.vendorId === v).length);
    expect(counts).toEqual(vendors.map(() => 5));
    expect(picks.every((p) => !p.understaffed)).toBe(true);
  });

  it('flags a day with too few present as understaffed and takes whoever is there', () => {
    const picks = fill([{ dutyId: 'clean', date: '2026-12-01', needed: 3, present: ['a'] }], new Map(), []);
    expect(picks).toEqual([{ dutyId: 'clean', date: '2026-12-01', vendorId: 'a', understaffed: true }]);
  });

  it('counts the entries kept on a day as served from the next day on', () => {
    const picks = fill(
      [
        // a's entry of the 1st is kept (done): nothing more is needed that day.
        { dutyId: 'clean', date: '2026-12-01', needed: 0, present: ['b'] },
        { dutyId: 'clean', date: '2026-12-02', needed: 1, present: ['a', 'b'] },
      ],
      new Map(),
      [{ date: '2026-12-01', vendorId: 'a' }],
    );
    expect(picks.map((p) => p.vendorId)).toEqual(['b']);
  });

  it('over random presence: nobody absent is picked, nobody twice on a duty day, and the always-present differ by at most one', () => {
    const vendorIds = Array.from({ length: 10 }, (_, i) => `v${i}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (days, headcount, presence, always) => {
          const duty = dates(days).map((date, d) => ({
            dutyId: 'clean',
            date,
            needed: headcount,
            // The first `always` vendors are there every day; the others when their coin says so.
            present: vendorIds.filter((_, v) => v < always || presence[d][v]),
          }));
          const picks = fill(duty, new Map(), []);
          for (const day of duty) {
            const picked = picks.filter((p) => p.date === day.date).map((p) => p.vendorId);
            expect(picked.every((v) => day.present.includes(v))).toBe(true);
            expect(new Set(picked).size).toBe(picked.length);
            expect(picked.length).toBe(Math.min(headcount, day.present.length));
          }
          const steady = vendorIds.slice(0, always).map((v) => picks.filter((p) => p.vendorId === v).length);
          expect(Math.max(...steady) - Math.min(...steady)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500, seed: 20261202 },
    );
  });
});

describe('fill, several duties a day', () => {
  it('gives nobody two duties on one day while others are free', () => {
    const vendors = ['a', 'b', 'c', 'd', 'e', 'f'];
    const days = dates(10).flatMap((date) => [
      { dutyId: 'clean', date, needed: 2, present: vendors },
      { dutyId: 'walkway', date, needed: 1, present: vendors },
    ]);
    const picks = fill(days, new Map(), []);
    for (const date of dates(10)) {
      const picked = picks.filter((p) => p.date === date).map((p) => p.vendorId);
      expect(new Set(picked).size).toBe(3);
    }
    const counts = vendors.map((v) => picks.filter((p) => p.vendorId === v).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('doubles up only when too few are present', () => {
    const picks = fill(
      [
        { dutyId: 'clean', date: '2026-12-01', needed: 1, present: ['a'] },
        { dutyId: 'walkway', date: '2026-12-01', needed: 1, present: ['a'] },
      ],
      new Map(),
      [],
    );
    expect(picks.map((p) => `${p.dutyId}:${p.vendorId}`)).toEqual(['clean:a', 'walkway:a']);
  });
});

import fc from 'fast-check';
import { commitmentOf, drawOrder, shuffle } from './shuffle.js';

describe('the lottery shuffle', () => {
  it('is a permutation, the same for the same seed, different for another', () => {
    const items = Array.from({ length: 50 }, (_, i) => i + 1);
    const a = shuffle(items, 'seed-2026-12', 'general');
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(shuffle(items, 'seed-2026-12', 'general')).toEqual(a);
    expect(shuffle(items, 'seed-2027-01', 'general')).not.toEqual(a);
    expect(shuffle(items, 'seed-2026-12', 'priority')).not.toEqual(a);
  });

  it('keeps a fixed answer (a change of the documented algorithm must show here)', () => {
    expect(shuffle([1, 2, 3, 4, 5, 6, 7, 8], 'tidal', 'general')).toEqual([7, 5, 1, 4, 2, 8, 3, 6]);
  });

  it('puts every priority applicant before every other one', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), fc.string(), (flags, seed) => {
        const applications = flags.map((priority, i) => ({ ticket: i + 1, priority }));
        const order = drawOrder(applications, seed);
        const firstGeneral = order.findIndex((a) => !a.priority);
        expect(order.length).toBe(applications.length);
        expect(firstGeneral === -1 || order.slice(firstGeneral).every((a) => !a.priority)).toBe(true);
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it('is close to uniform: each of 4 items lands in each place about a quarter of the time', () => {
    const counts = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    const runs = 8000;
    for (let s = 0; s < runs; s++) {
      shuffle([0, 1, 2, 3], `seed-${s}`, 'general').forEach((item, place) => (counts[item][place] += 1));
    }
    for (const row of counts) for (const n of row) expect(Math.abs(n / runs - 0.25)).toBeLessThan(0.025);
  });

  it('checks a seed against its commitment as SHA-256 hex', () => {
    expect(commitmentOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

// A small deterministic pseudo-random generator (mulberry32), shared by the demo district
// (scripts/demo/district.mjs), the benches (bench/public-zones.mjs) and the tests (test/support/storm.ts):
// the same seed gives the same sequence, so a layout is the same in every run and a failing storm replays.

/** A sequence of numbers in [0, 1) from `seed`. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

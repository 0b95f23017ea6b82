import type { Occurrence } from '../sessions/occurrences.js';
import { stateAt, type ZoneCard } from './zone-cards.js';

const H = 3_600_000;
const run = (name: string, start: number, end: number, cancelled = false): Occurrence => ({
  sessionId: name,
  name,
  date: '2026-12-02',
  start,
  end,
  startIso: String(start),
  endIso: String(end),
  cancelled,
});

function card(runs: Occurrence[]): ZoneCard {
  return {
    stamp: { version: 0, builtAt: 0 },
    runs,
    further: null,
    held: { vegetables: 0, fruit: 0, food: 0, general: 0 },
    heldChangesAt: null,
    feedback: { wish: 0, problem: 0, praise: 0, resolved: 0 },
  };
}

/** What the state must be, straight from its definition. */
function expected(runs: Occurrence[], at: number) {
  const live = runs.filter((o) => !o.cancelled);
  return { openNow: live.some((o) => o.start <= at && at < o.end), next: live.find((o) => o.start > at) ?? null };
}

describe('stateAt', () => {
  // Yesterday's night market (22:00–02:00), a cancelled morning, noon, evening, tomorrow's morning.
  const runs = [
    run('night', -2 * H, 2 * H),
    run('morning', 6 * H, 9 * H, true),
    run('noon', 11 * H, 13 * H),
    run('evening', 18 * H, 21 * H),
    run('morning+1', 30 * H, 33 * H),
  ];

  it('says open-now and the next run at every instant, whether kept or worked out again', () => {
    const kept = card(runs);
    for (let at = -3 * H; at <= 34 * H; at += H / 4) {
      expect({ at, ...pick(stateAt(kept, at)) }).toEqual({ at, ...expected(runs, at) });
      expect({ at, ...pick(stateAt(card(runs), at)) }).toEqual({ at, ...expected(runs, at) });
    }
    // Going back in time too.
    for (let at = 34 * H; at >= -3 * H; at -= H / 3) expect(pick(stateAt(kept, at))).toEqual(expected(runs, at));
  });

  it('changes exactly at a start and at an end (a start is open, an end is closed)', () => {
    const kept = card(runs);
    expect(pick(stateAt(kept, 11 * H - 1))).toEqual({ openNow: false, next: runs[2] });
    expect(pick(stateAt(kept, 11 * H))).toEqual({ openNow: true, next: runs[3] });
    expect(pick(stateAt(kept, 13 * H - 1))).toEqual({ openNow: true, next: runs[3] });
    expect(pick(stateAt(kept, 13 * H))).toEqual({ openNow: false, next: runs[3] });
  });

  it('keeps one state for the stretch between two edges', () => {
    const kept = card(runs);
    const first = stateAt(kept, 14 * H);
    expect(stateAt(kept, 17 * H)).toBe(first);
    expect(stateAt(kept, 18 * H)).not.toBe(first);
  });
});

function pick({ openNow, next }: { openNow: boolean; next: Occurrence | null }) {
  return { openNow, next };
}

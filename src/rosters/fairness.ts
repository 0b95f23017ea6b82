/**
 * Who takes a duty, fairly (the contract's rule, pure): among the vendors
 * present, fewest duties served in the zone so far first, then longest since
 * the last (never served counts as longest), ties broken by vendor id — so
 * the same data always gives the same roster.
 */
export interface Tally {
  served: number;
  /** The latest date served, or null. */
  last: string | null;
}

export function rank(candidates: readonly string[], tallies: ReadonlyMap<string, Tally>): string[] {
  const tallyOf = (id: string) => tallies.get(id) ?? { served: 0, last: null };
  return [...candidates].sort((a, b) => {
    const ta = tallyOf(a);
    const tb = tallyOf(b);
    if (ta.served !== tb.served) return ta.served - tb.served;
    if (ta.last !== tb.last) return ta.last === null ? -1 : tb.last === null ? 1 : ta.last < tb.last ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** One duty on one date, and who may take it. */
export interface DutyDay {
  dutyId: string;
  date: string;
  /** How many it needs beyond those already kept (done, missed, swapped). */
  needed: number;
  /** Vendors with an active claim on that run, not already on this duty that day. */
  present: readonly string[];
}

export interface Pick {
  dutyId: string;
  date: string;
  vendorId: string;
  understaffed: boolean;
}

/**
 * Fills duty days in date order. "Served so far" counts every entry dated
 * before the day, the ones picked earlier in the same run included, so the
 * tallies move on after each date (not within one: two duties of a day see
 * the same tallies, and a vendor already on a duty that day comes after
 * everyone who is not). `kept` are the entries that stay (their dates count too).
 */
export function fill(days: readonly DutyDay[], tallies: Map<string, Tally>, kept: readonly { date: string; vendorId: string }[]): Pick[] {
  const picks: Pick[] = [];
  const dates = [...new Set([...days.map((d) => d.date), ...kept.map((k) => k.date)])].sort();
  for (const date of dates) {
    const today = days.filter((d) => d.date === date).sort((a, b) => (a.dutyId < b.dutyId ? -1 : a.dutyId > b.dutyId ? 1 : 0));
    const served: string[] = kept.filter((k) => k.date === date).map((k) => k.vendorId);
    for (const day of today) {
      // One duty a day each while others are there: those already on a duty that day go last.
      const ranked = rank(day.present, tallies);
      const busy = new Set(served);
      const chosen = [...ranked.filter((v) => !busy.has(v)), ...ranked.filter((v) => busy.has(v))].slice(0, day.needed);
      const understaffed = chosen.length < day.needed;
      for (const vendorId of chosen) picks.push({ dutyId: day.dutyId, date, vendorId, understaffed });
      served.push(...chosen);
    }
    for (const vendorId of served) {
      const tally = tallies.get(vendorId) ?? { served: 0, last: null };
      tallies.set(vendorId, { served: tally.served + 1, last: date });
    }
  }
  return picks;
}

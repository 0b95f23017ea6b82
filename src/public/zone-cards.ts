import type { Stamp, TableChanges } from '../database/table-changes.js';
import type { FeedbackCounts } from '../feedback/feedback.js';
import type { Occurrence } from '../sessions/occurrences.js';
import type { StallCategory } from '../stalls/stall.js';

/** What one zone shows in the residents' search on one local date. */
export interface ZoneCard {
  stamp: Stamp;
  /** The zone's runs from the day before to the day after (a night market still on, tomorrow's first). */
  runs: Occurrence[];
  /** The runs up to 30 days ahead, looked up once a search needed them (a weekly market). */
  further: Occurrence[] | null;
  /** Stalls held today by category. */
  held: Record<StallCategory, number>;
  /** When `held` changes by itself (a counted claim's run ends), or null. */
  heldChangesAt: number | null;
  feedback: FeedbackCounts;
  /** The last state asked of the card (stateAt), kept for the stretch of time it holds. */
  state?: CardState;
}

/** Whether a zone is open at an instant and its next run, and the stretch of instants [from, until) that share them. */
export interface CardState {
  /** The runs it was worked out from (the card's `further ?? runs` at the time). */
  runs: Occurrence[];
  openNow: boolean;
  next: Occurrence | null;
  from: number;
  until: number;
}

/**
 * The card's state at `at`, from its runs (or the 30 days' runs once looked up). Open-now and the
 * next run only change where a run (not cancelled) starts or ends, so the state is kept for the
 * stretch between the two such instants around `at`: a search nearly always asks inside it.
 */
export function stateAt(card: ZoneCard, at: number): CardState {
  const runs = card.further ?? card.runs;
  const kept = card.state;
  if (kept && kept.runs === runs && kept.from <= at && at < kept.until) return kept;
  let openNow = false;
  let next: Occurrence | null = null;
  let from = -Infinity;
  let until = Infinity;
  for (const o of runs) {
    if (o.cancelled) continue;
    if (o.start <= at && at < o.end) openNow = true;
    if (next === null && o.start > at) next = o;
    for (const edge of [o.start, o.end]) {
      if (edge <= at) from = Math.max(from, edge);
      else until = Math.min(until, edge);
    }
  }
  return (card.state = { runs, openNow, next, from, until });
}

/** Every table a card is read from: a write to any of them (by this process) makes every card stale. */
export const CARD_TABLES = [
  'zones',
  'market_sessions',
  'session_cancellations',
  'session_history',
  'claims',
  'stalls',
  'feedback',
] as const;

/** Dates kept: yesterday, today and tomorrow somewhere on Earth (`at` may name any instant). */
const DATES = 3;

/**
 * The residents' search answers from memory: a card per (zone, local date), built in one batch of
 * reads for the zones a search finds that have none, and used while it reads as the database
 * does — no write of this process to a table it was read from since (TableChanges), not past the
 * moment its count of held stalls changes by itself, and on PostgreSQL not older than a second.
 */
export class ZoneCards {
  /** Local date → zone id → card; a city's 10,000 zones at ~3 KB each for one date. The oldest date goes first. */
  private readonly byDate = new Map<string, Map<string, ZoneCard>>();

  constructor(private readonly changes: TableChanges) {}

  /** A look-up of current cards at `now` (undefined when a zone has none on a date or it went stale), for one search. */
  reader(now: number): (zoneId: string, date: string) => ZoneCard | undefined {
    const isCurrent = this.changes.currentTest(CARD_TABLES);
    return (zoneId, date) => {
      const card = this.byDate.get(date)?.get(zoneId);
      if (!card || !isCurrent(card.stamp)) return undefined;
      if (card.heldChangesAt !== null && now >= card.heldChangesAt) return undefined;
      return card;
    };
  }

  set(zoneId: string, date: string, card: ZoneCard): void {
    let cards = this.byDate.get(date);
    if (!cards) {
      if (this.byDate.size >= DATES) this.byDate.delete(this.byDate.keys().next().value!);
      this.byDate.set(date, (cards = new Map()));
    }
    cards.set(zoneId, card);
  }

  /** Take before the reads that build cards. */
  stamp(): Stamp {
    return this.changes.stamp(CARD_TABLES);
  }
}

import type { Occurrence } from '../sessions/occurrences.js';
import type { Zone } from '../zones/zone.js';
import type { ZoneCard } from './zone-cards.js';

/** One zone of a search's answer, before it is written. */
export interface NearbyItem {
  zone: Zone;
  distance: number;
  card: ZoneCard;
  openNow: boolean;
  nextSession: Occurrence | null;
}

/** An item's bytes up to its per-request fields, and what they were written from. */
interface Written {
  zone: Zone;
  next: Occurrence | null;
  bytes: Buffer;
}

/**
 * The residents' search answer (`NearbyZonesResponse`) written as UTF-8 JSON bytes. Of an item,
 * only `openNow` and `distanceM` differ from one request to the next; everything before them —
 * the zone's names, address and coordinates, its next session, its counts — is written once per
 * card (again when the card's next session moves on) and copied as bytes. Serialising the same
 * ~4 KB of names and coordinates for every request, then encoding it to UTF-8 on the socket, was
 * ~20 % of the search's server time. (An item's keys come in this order, the per-request ones
 * last; JSON objects are unordered.)
 *
 * Zones, cards and occurrences are never changed once built (a change makes new ones), so the
 * bytes are kept for as long as the card they were written for.
 */
export class NearbyJson {
  private readonly written = new WeakMap<ZoneCard, Written>();

  write(items: readonly NearbyItem[], total: number): Buffer {
    const starts = items.map((item) => this.start(item));
    // Only ASCII from here on: one byte per character.
    const ends = items.map(
      (item, i) => `"openNow":${item.openNow},"distanceM":${Math.round(item.distance)}}${i < items.length - 1 ? ',' : ''}`,
    );
    const last = `],"total":${total}}`;
    let length = ITEMS_OPEN.length + last.length;
    for (let i = 0; i < items.length; i++) length += starts[i].length + ends[i].length;
    const out = Buffer.allocUnsafe(length);
    let at = out.write(ITEMS_OPEN, 0, 'latin1');
    for (let i = 0; i < items.length; i++) {
      out.set(starts[i], at);
      at += starts[i].length;
      at += out.write(ends[i], at, 'latin1');
    }
    out.write(last, at, 'latin1');
    return out;
  }

  /** `{"id":…,"name":…,…,"feedback":{…},` */
  private start({ zone, card, nextSession: next }: NearbyItem): Buffer {
    const kept = this.written.get(card);
    if (kept && kept.zone === zone && kept.next === next) return kept.bytes;
    const { id, name, district, address, latitude, longitude, timezone } = zone;
    const nextSession = next ? { name: next.name, start: next.startIso, end: next.endIso } : null;
    const fields = {
      id,
      name,
      district,
      address,
      latitude,
      longitude,
      timezone,
      nextSession,
      stallsClaimedToday: card.held,
      feedback: card.feedback,
    };
    const bytes = Buffer.from(`${JSON.stringify(fields).slice(0, -1)},`);
    this.written.set(card, { zone, next, bytes });
    return bytes;
  }
}

const ITEMS_OPEN = '{"items":[';

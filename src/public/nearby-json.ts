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
  /** The UTF-8 bytes, one character each. */
  bytes: string;
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
    // Every piece is held as a one-byte string of its UTF-8 bytes (a "binary" string), so the
    // answer is joined as a string and copied into bytes once, with no encoding on the way.
    let json = '{"items":[';
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      json += `${i > 0 ? ',' : ''}${this.start(item)}"openNow":${item.openNow},"distanceM":${Math.round(item.distance)}}`;
    }
    return Buffer.from(`${json}],"total":${total}}`, 'latin1');
  }

  /** `{"id":…,"name":…,…,"feedback":{…},` as a binary string. */
  private start({ zone, card, nextSession: next }: NearbyItem): string {
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
    const bytes = Buffer.from(`${JSON.stringify(fields).slice(0, -1)},`).toString('latin1');
    this.written.set(card, { zone, next, bytes });
    return bytes;
  }
}

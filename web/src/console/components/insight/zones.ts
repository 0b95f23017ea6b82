import { ref } from 'vue';
import { api, type Schemas } from '../../../shared/api/client';

export type Zone = Schemas['ZoneResponse'];
export type MarketSession = Schemas['SessionResponse'];

/** Every zone, in the list's natural order (district, then name), paged through 200 at a time. */
export async function allZones(): Promise<Zone[]> {
  const zones: Zone[] = [];
  for (;;) {
    const { data } = await api.GET('/api/zones', { params: { query: { limit: 200, offset: zones.length } } });
    if (!data) throw new Error('zones');
    zones.push(...data.items);
    if (data.items.length === 0 || zones.length >= data.total) return zones;
  }
}

/** The zones for a picker, loaded once per screen; `loading` while they come. */
export function useZones() {
  const zones = ref<Zone[]>([]);
  const loading = ref(true);
  const failed = ref(false);
  void allZones()
    .then((items) => (zones.value = items))
    .catch(() => (failed.value = true))
    .finally(() => (loading.value = false));
  return { zones, loading, failed };
}

/** A zone's sessions (for a duty's or a round's session). */
export async function sessionsOf(zoneId: string): Promise<MarketSession[]> {
  const { data } = await api.GET('/api/zones/{zoneId}/sessions', { params: { path: { zoneId } } });
  return data?.items ?? [];
}

/** `2026-12-25T20:00:00+08:00` → `2026-12-25 20:00` (the zone's wall clock, as the API wrote it). */
export function wallTime(instant: string | null | undefined): string {
  if (!instant) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(instant);
  return match ? `${match[1]} ${match[2]}` : instant;
}

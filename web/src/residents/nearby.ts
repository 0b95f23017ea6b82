import { reactive } from 'vue';
import { api, type Schemas } from '../shared/api/client';
import districts from './districts.json';

export type NearbyZone = Schemas['NearbyZone'];
export interface District {
  id: string;
  zh: string;
  en: string;
  lat: number;
  lng: number;
}

/** District centres to search from without a location (the residents' API needs a point). */
export const DISTRICTS: readonly District[] = districts;

/** The widest search the API allows (metres): a district's markets, nearest first. */
export const SEARCH_RADIUS_M = 20_000;
const SEARCH_LIMIT = 20;
const DISTRICT_KEY = 'tidal.district';

export type Origin = { kind: 'location'; lat: number; lng: number } | { kind: 'district'; district: District };
export type LocateProblem = 'denied' | 'unavailable' | 'unsupported';

/** The residents' search: where from, and the markets found (state of the home page). */
export const nearby = reactive({
  origin: null as Origin | null,
  status: 'idle' as 'idle' | 'locating' | 'loading' | 'ready' | 'error',
  locateProblem: null as LocateProblem | null,
  items: [] as NearbyZone[],
});

function point(origin: Origin): { lat: number; lng: number } {
  return origin.kind === 'location' ? origin : origin.district;
}

let searches = 0;

export async function search(origin: Origin): Promise<void> {
  const search = ++searches;
  nearby.origin = origin;
  nearby.status = 'loading';
  const { lat, lng } = point(origin);
  const { data } = await api
    .GET('/api/public/zones', { params: { query: { lat, lng, radius: SEARCH_RADIUS_M, limit: SEARCH_LIMIT } } })
    .catch(() => ({ data: undefined }));
  if (search !== searches) return; // a newer search started meanwhile
  if (data) {
    nearby.items = data.items;
    nearby.status = 'ready';
  } else {
    nearby.status = 'error';
  }
}

export function pickDistrict(district: District): Promise<void> {
  try {
    localStorage.setItem(DISTRICT_KEY, district.id);
  } catch {
    // not remembered
  }
  return search({ kind: 'district', district });
}

/** Asks the browser for the resident's position (its prompt), then searches around it. */
export function locate(): void {
  if (!('geolocation' in navigator)) {
    nearby.locateProblem = 'unsupported';
    return;
  }
  nearby.status = 'locating';
  nearby.locateProblem = null;
  navigator.geolocation.getCurrentPosition(
    ({ coords }) => void search({ kind: 'location', lat: coords.latitude, lng: coords.longitude }),
    (error) => {
      nearby.locateProblem = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
      nearby.status = nearby.items.length > 0 ? 'ready' : 'idle';
    },
    { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
  );
}

/**
 * On arrival: where the resident already allowed location, use it (no prompt);
 * else the district they picked last time; else wait for them to choose.
 */
export async function start(): Promise<void> {
  const permission = await navigator.permissions?.query({ name: 'geolocation' }).catch(() => null);
  if (permission?.state === 'granted') return locate();
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(DISTRICT_KEY);
  } catch {
    // no storage: nothing remembered
  }
  const district = DISTRICTS.find((d) => d.id === remembered);
  if (district) await search({ kind: 'district', district });
}

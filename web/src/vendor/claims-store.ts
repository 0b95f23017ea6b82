import { reactive } from 'vue';
import { api, type Schemas } from '../shared/api/client';
import { dateInZone, addDays } from '../shared/format';
import { load, save } from './storage';

export type Claim = Schemas['VendorClaimResponse'];

const KEY = 'tidal.vendor.claims';

interface Kept {
  items: Claim[];
  savedAt: string;
}

/**
 * "My claims": from yesterday to 30 days ahead, fetched when shown and kept on the phone, so the
 * list opens without a connection, saying when it was last brought up to date.
 */
const kept = load<Kept>(KEY);
export const claims = reactive({
  items: kept?.items ?? [],
  savedAt: kept?.savedAt ?? null,
  stale: false,
  loading: false,
});

export async function refreshClaims(): Promise<'fresh' | 'stale' | 'refused'> {
  claims.loading = true;
  try {
    // Dates in Asia/Shanghai: a day's margin either side covers a zone in another time zone.
    const today = dateInZone('Asia/Shanghai', new Date());
    const { data } = await api.GET('/api/vendors/me/claims', {
      params: { query: { from: addDays(today, -1), to: addDays(today, 30), limit: 200 } },
    });
    if (!data) return 'refused';
    claims.items = data.items;
    claims.savedAt = new Date().toISOString();
    claims.stale = false;
    save(KEY, { items: claims.items, savedAt: claims.savedAt });
    return 'fresh';
  } catch {
    claims.stale = true;
    return 'stale';
  } finally {
    claims.loading = false;
  }
}

/** Forgets the kept list on the device (signing out). */
export function forgetKeptClaims(): void {
  save(KEY, null);
}

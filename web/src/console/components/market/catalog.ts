import { computed, ref } from 'vue';
import { api, type Schemas } from '../../../shared/api/client';

export type Zone = Schemas['ZoneResponse'];

/** The API's largest page. */
export const PAGE_MAX = 200;
/** Session names with words of their own (shared i18n `sessionNames`); staff may type others. */
export const SESSION_NAMES = ['morning', 'noon', 'evening', 'night'] as const;
export const CATEGORIES = ['vegetables', 'fruit', 'food', 'general'] as const;
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

// Every zone, for the pickers (grid, closures) and the district filter: the API has no list of
// districts, so they are read off the zones. Loaded once per page view, reloaded after a zone is
// created or edited.
const all = ref<Zone[]>([]);
const loading = ref(false);
let pending: Promise<void> | null = null;

async function fetchAll(): Promise<void> {
  const items: Zone[] = [];
  for (let offset = 0; ; offset += PAGE_MAX) {
    const { data } = await api.GET('/api/zones', { params: { query: { limit: PAGE_MAX, offset } } });
    if (!data) break;
    items.push(...data.items);
    if (items.length >= data.total || data.items.length === 0) break;
  }
  all.value = items;
}

/** The zones catalogue; `reload()` after a change. */
export function useZoneCatalog() {
  const load = (force = false): Promise<void> => {
    if (pending && !force) return pending;
    loading.value = true;
    pending = fetchAll().finally(() => {
      loading.value = false;
    });
    return pending;
  };
  void load();
  return {
    zones: all,
    loading,
    reload: () => load(true),
    districts: computed(() => [...new Set(all.value.map((z) => z.district))].sort((a, b) => a.localeCompare(b, 'zh-CN'))),
    byId: computed(() => new Map(all.value.map((z) => [z.id, z]))),
  };
}

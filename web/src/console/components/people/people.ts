import { reactive, ref, watch } from 'vue';
import { api, errorMessage, type Schemas } from '../../../shared/api/client';
import { i18n } from '../../../shared/i18n';

/**
 * What the people screens share: a notice line (the outcome of the last action, in words), the
 * server's words for a refusal, times in the browser's own time zone, and the zones and vendor
 * names that lists show by name instead of by id.
 */

export type Vendor = Schemas['VendorResponse'];
export type Zone = Schemas['ZoneResponse'];

export interface Notice {
  kind: 'success' | 'error' | 'info';
  text: string;
}

/** The outcome of a screen's last action, shown in a live region (and with a word, not by colour alone). */
export function useNotice() {
  const notice = ref<Notice | null>(null);
  return {
    notice,
    ok: (text: string) => (notice.value = { kind: 'success', text }),
    fail: (error: unknown) => (notice.value = { kind: 'error', text: refusal(error) }),
    clear: () => (notice.value = null),
  };
}

/** The server's message for a refusal (already in the page's language), else a general one. */
export function refusal(error: unknown): string {
  if (error instanceof TypeError) return i18n.global.t('console.offline');
  return errorMessage(error) ?? i18n.global.t('console.failed');
}

/** The instant's date and time in the browser's time zone and the page's language, e.g. 2026/12/01 18:00:05. */
export function localTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return new Intl.DateTimeFormat(i18n.global.locale.value, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** The browser's IANA time zone, named beside times so staff know which clock they read. */
export function browserTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every zone (for filters and pickers), loaded once per visit; an unreachable server leaves the list empty. */
const zoneState = reactive({ items: [] as Zone[], loaded: false });
export function useZones() {
  if (!zoneState.loaded) {
    zoneState.loaded = true;
    void (async () => {
      const all: Zone[] = [];
      for (let offset = 0; ; offset += 200) {
        const { data } = await api.GET('/api/zones', { params: { query: { limit: 200, offset } } });
        if (!data) {
          zoneState.loaded = all.length > 0;
          break;
        }
        all.push(...data.items);
        if (all.length >= data.total || data.items.length === 0) break;
      }
      zoneState.items = all;
    })().catch(() => (zoneState.loaded = false));
  }
  return zoneState;
}

export function zoneName(id: string): string {
  return zoneState.items.find((z) => z.id === id)?.name ?? i18n.global.t('people.common.unknownZone');
}

/** Vendors' names by id, fetched once each (the violation queue lists vendor ids only). */
const vendorNames = reactive(new Map<string, string>());
export async function loadVendorNames(ids: string[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !vendorNames.has(id));
  await Promise.all(
    missing.map(async (id) => {
      const { data } = await api.GET('/api/vendors/{id}', { params: { path: { id } } });
      if (data) vendorNames.set(id, `${data.name} · ${data.phone}`);
    }),
  );
}
export function vendorName(id: string): string {
  return vendorNames.get(id) ?? id.slice(0, 8);
}
export function rememberVendor(vendor: Vendor): void {
  vendorNames.set(vendor.id, `${vendor.name} · ${vendor.phone}`);
}

/** Copies text to the clipboard; false where the browser refuses (then staff write it down). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** One page of a list as the API answers it, or null when the request was refused (the caller said why). */
export type PageFetch<T> = (range: { limit: number; offset: number }) => Promise<{ items: T[]; total: number } | null>;

/**
 * A list shown a page at a time: loads when its offset changes (PagerBar moves it) and at once;
 * `restart()` goes back to the first page for a new filter or search. A network failure goes to `fail`.
 */
export function usePagedList<T>(limit: number, fetch: PageFetch<T>, fail: (error: unknown) => void) {
  const page = reactive({ items: [] as T[], total: 0, offset: 0 }) as { items: T[]; total: number; offset: number };
  const loading = ref(false);
  async function load(): Promise<void> {
    loading.value = true;
    try {
      const got = await fetch({ limit, offset: page.offset });
      if (got) Object.assign(page, { items: got.items, total: got.total });
    } catch (error) {
      fail(error);
    } finally {
      loading.value = false;
    }
  }
  watch(
    () => page.offset,
    () => void load(),
    { immediate: true },
  );
  function restart(): void {
    if (page.offset === 0) void load();
    else page.offset = 0;
  }
  return { page, loading, load, restart };
}

import { readonly, ref } from 'vue';

/** Where the resident is: the home page (with a market's week open, `?zone=`), or a stall page `/s/:stallId`. */
export interface Route {
  stallId: string | null;
  zoneId: string | null;
}

function parse(): Route {
  const stall = /^\/s\/([^/]+)\/?$/.exec(location.pathname);
  return {
    stallId: stall ? decodeURIComponent(stall[1]) : null,
    zoneId: stall ? null : new URLSearchParams(location.search).get('zone'),
  };
}

const current = ref<Route>(parse());
window.addEventListener('popstate', () => (current.value = parse()));

/** The current route; the browser's back button moves it too. */
export const route = readonly(current);

export function navigate(url: string): void {
  history.pushState(null, '', url);
  current.value = parse();
  window.scrollTo(0, 0);
}

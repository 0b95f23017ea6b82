import { readonly, ref } from 'vue';

/** The app's screens, each its own path under /vendor/ (the service worker's scope). */
export const SCREENS = ['claims', 'claim', 'inbox', 'account', 'register'] as const;
export type Screen = (typeof SCREENS)[number];

function parse(): Screen {
  const name = location.pathname.replace(/^\/vendor\/?/, '').replace(/\/$/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'claims';
}

const current = ref<Screen>(parse());
window.addEventListener('popstate', () => (current.value = parse()));

export const screen = readonly(current);

export function go(to: Screen): void {
  const url = to === 'claims' ? '/vendor/' : `/vendor/${to}`;
  if (location.pathname !== url) history.pushState(null, '', url);
  current.value = to;
  window.scrollTo(0, 0);
}

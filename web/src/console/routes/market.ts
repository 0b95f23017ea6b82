import type { RouteRecordRaw } from 'vue-router';

/** Zones with their sessions and stalls, the slot grid, closures. */
export const marketRoutes: RouteRecordRaw[] = [
  {
    path: '/zones',
    name: 'zones',
    component: () => import('../pages/market/ZonesPage.vue'),
    meta: { nav: { group: 'market', label: 'market.nav.zones' } },
  },
  { path: '/zones/:id', name: 'zone', component: () => import('../pages/market/ZonePage.vue') },
  {
    path: '/grid',
    name: 'grid',
    component: () => import('../pages/market/GridPage.vue'),
    meta: { nav: { group: 'market', label: 'market.nav.grid' } },
  },
  {
    path: '/closures',
    name: 'closures',
    component: () => import('../pages/market/ClosuresPage.vue'),
    meta: { nav: { group: 'market', label: 'market.nav.closures' } },
  },
];

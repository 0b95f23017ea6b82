import type { RouteRecordRaw } from 'vue-router';

/** The cockpit (the console's home), rosters and captains, lottery rounds. */
export const insightRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'cockpit',
    component: () => import('../pages/insight/CockpitPage.vue'),
    meta: { nav: { group: 'insight', label: 'insight.nav.cockpit' } },
  },
  {
    path: '/rosters',
    name: 'rosters',
    component: () => import('../pages/insight/RostersPage.vue'),
    meta: { nav: { group: 'insight', label: 'insight.nav.rosters' } },
  },
  {
    path: '/rounds',
    name: 'rounds',
    component: () => import('../pages/insight/RoundsPage.vue'),
    meta: { nav: { group: 'insight', label: 'insight.nav.rounds' } },
  },
];

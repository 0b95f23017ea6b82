import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { insightRoutes } from './routes/insight';
import { marketRoutes } from './routes/market';
import { peopleRoutes } from './routes/people';
import { session } from './session';

/**
 * Every screen of the console, one path under /console/ each. A route's `meta.nav` puts it in
 * the side menu (its group and the i18n key of its label); screens load on first visit, so the
 * sign-in screen does not wait for the charts library.
 */
declare module 'vue-router' {
  interface RouteMeta {
    nav?: { group: 'insight' | 'market' | 'people'; label: string };
    public?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue'), meta: { public: true } },
  ...insightRoutes,
  ...marketRoutes,
  ...peopleRoutes,
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory('/console/'), routes });

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  return true;
});

import type { RouteRecordRaw } from 'vue-router';

/** The vetting queue, the sign-up desk, violations and appeals, residents' feedback, the audit log. */
export const peopleRoutes: RouteRecordRaw[] = [
  {
    path: '/vetting',
    name: 'vetting',
    component: () => import('../pages/people/VettingPage.vue'),
    meta: { nav: { group: 'people', label: 'people.nav.vetting' } },
  },
  {
    path: '/desk',
    name: 'desk',
    component: () => import('../pages/people/DeskPage.vue'),
    meta: { nav: { group: 'people', label: 'people.nav.desk' } },
  },
  {
    path: '/violations',
    name: 'violations',
    component: () => import('../pages/people/ViolationsPage.vue'),
    meta: { nav: { group: 'people', label: 'people.nav.violations' } },
  },
  {
    path: '/feedback',
    name: 'feedback',
    component: () => import('../pages/people/FeedbackPage.vue'),
    meta: { nav: { group: 'people', label: 'people.nav.feedback' } },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('../pages/people/AuditPage.vue'),
    meta: { nav: { group: 'people', label: 'people.nav.audit' } },
  },
];

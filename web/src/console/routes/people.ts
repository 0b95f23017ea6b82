import type { RouteRecordRaw } from 'vue-router';

/** The vetting queue, the sign-up desk, violations and appeals, residents' feedback, the audit log. */
export const peopleRoutes: RouteRecordRaw[] = [];

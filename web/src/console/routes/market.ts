import type { RouteRecordRaw } from 'vue-router';

/** Zones with their sessions and stalls, the slot grid, closures. */
export const marketRoutes: RouteRecordRaw[] = [];

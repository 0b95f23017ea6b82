import type { RouteRecordRaw } from 'vue-router';

/** The cockpit (the console's home), rosters and captains, lottery rounds. */
export const insightRoutes: RouteRecordRaw[] = [];

import type { Actor } from '../actor.js';

/**
 * Whether a user runs a zone's self-governance (staff, or a captain of that
 * zone who is not suspended), for modules below rosters that grant captains
 * a power (reading their zone's feedback); implemented by rosters/.
 */
export abstract class ZoneCaptains {
  abstract mayManage(actor: Actor, zoneId: string): Promise<boolean>;
}

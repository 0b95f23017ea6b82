import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from '../common/actor.js';

export const ACCESS_KEY = 'tidal:access';

/** Every route declares who may call it; a route without a rule is refused (fail closed). */
export type AccessRule = { public: true } | { roles: Role[]; zoneCaptains?: true };

/** No token needed. */
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

/** A valid token with one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { roles } satisfies AccessRule);

/**
 * Staff, or a vendor who is a captain of the zone concerned: the guard lets
 * both roles through and the service answers 403 to a vendor who is not a
 * captain of that zone (or is suspended) — which zone is known only once the
 * request's zone or entry is read.
 */
export const StaffOrZoneCaptain = () => SetMetadata(ACCESS_KEY, { roles: ['staff', 'vendor'], zoneCaptains: true } satisfies AccessRule);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  return request.actor!;
});

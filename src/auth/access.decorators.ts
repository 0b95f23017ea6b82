import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from '../common/actor.js';

export const ACCESS_KEY = 'tidal:access';

/** Every route declares who may call it; a route without a rule is refused (fail closed). */
export type AccessRule = { public: true } | { roles: Role[] };

/** No token needed. */
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

/** A valid token with one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { roles } satisfies AccessRule);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  return request.actor!;
});

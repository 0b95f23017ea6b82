import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ACCESS_KEY, AccessRule, Actor } from './access.decorators.js';
import { ROLES, Role } from './user.entity.js';

interface TokenPayload {
  sub: string;
  role: Role;
}

/** Global guard: verifies the bearer token and the route's declared roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
      throw new DomainError(ErrorCode.FORBIDDEN, 'this route is closed');
    }
    if ('public' in rule) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const actor = this.authenticate(request.headers.authorization);
    request.actor = actor;
    if (!rule.roles.includes(actor.role)) {
      throw new DomainError(ErrorCode.FORBIDDEN, `this action needs the role ${rule.roles.join(' or ')}`);
    }
    return true;
  }

  private authenticate(header: string | undefined): Actor {
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(header ?? '');
    if (!match) throw new DomainError(ErrorCode.UNAUTHORIZED, 'a bearer token is required');
    let payload: TokenPayload;
    try {
      payload = this.jwt.verify<TokenPayload>(match[1]);
    } catch {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'the token is invalid or has expired');
    }
    if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role)) {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'the token is invalid');
    }
    return { id: payload.sub, role: payload.role };
  }
}

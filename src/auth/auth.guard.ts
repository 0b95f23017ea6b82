import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Actor, ROLES, Role } from '../common/actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Memo } from '../common/memo.js';
import { ACCESS_KEY, AccessRule } from './access.decorators.js';
import { TokenVersions } from './token-versions.js';

interface TokenPayload {
  sub: string;
  role: Role;
  /** The user's token version when issued; tokens from before the last password change are refused. */
  ver?: number;
  exp?: number;
  nbf?: number;
}

interface VerifiedToken {
  actor: Actor;
  version: number;
  /** Epoch ms; the token is refused from then on, cached or not. */
  expiresAt: number;
}

/**
 * Tokens already verified, by their exact text: a phone sends the same token
 * with every request, and the HMAC check and JSON decoding were ≈ 4 % of a
 * claim's server time in the bench profile. The text is what was signed, so an
 * entry can't be forged; it is refused from its expiry on.
 */
const VERIFIED_TOKENS_MAX = 20_000;

/** Global guard: verifies the bearer token and the route's declared roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  private readonly verified = new Memo<string, VerifiedToken>({ max: VERIFIED_TOKENS_MAX });

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly versions: TokenVersions,
  ) {}

  /** Each route's rule by controller class and handler, read from their metadata once (it does not change after start-up). */
  private readonly rules = new WeakMap<Function, Map<Function, AccessRule | undefined>>();

  /** A public route passes without a promise; the others are authenticated. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const [handler, controller] = [context.getHandler(), context.getClass()];
    let ofController = this.rules.get(controller);
    if (!ofController) this.rules.set(controller, (ofController = new Map()));
    let rule = ofController.get(handler);
    if (rule === undefined && !ofController.has(handler)) {
      rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]);
      ofController.set(handler, rule);
    }
    if (!rule) {
      this.logger.error(`route ${controller.name}.${handler.name} declares no access rule`);
      throw new DomainError(ErrorCode.FORBIDDEN, 'this route is closed');
    }
    if ('public' in rule) return true;
    return this.authorize(context, rule);
  }

  private async authorize(context: ExecutionContext, rule: Exclude<AccessRule, { public: true }>): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const { actor, version } = this.authenticate(request.headers.authorization);
    if (version < (await this.versions.current(actor.id))) {
      throw new DomainError(
        ErrorCode.UNAUTHORIZED,
        'the token was issued before the last password change; log in again',
        {},
        {
          reason: 'password_changed',
        },
      );
    }
    request.actor = actor;
    if (!rule.roles.includes(actor.role)) {
      throw new DomainError(ErrorCode.FORBIDDEN, `this action needs the role ${rule.roles.join(' or ')}`);
    }
    return true;
  }

  private authenticate(header: string | undefined): VerifiedToken {
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(header ?? '');
    if (!match) throw new DomainError(ErrorCode.UNAUTHORIZED, 'a bearer token is required', {}, { reason: 'missing' });
    const token = match[1];
    const known = this.verified.get(token);
    // The same expiry rule as jsonwebtoken's: expired from the second `exp` on.
    if (known && Date.now() < known.expiresAt) return known;
    if (known) this.verified.delete(token);
    let payload: TokenPayload;
    try {
      payload = this.jwt.verify<TokenPayload>(token);
    } catch {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'the token is invalid or has expired');
    }
    if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role)) {
      throw new DomainError(ErrorCode.UNAUTHORIZED, 'the token is invalid');
    }
    const verified: VerifiedToken = {
      actor: Object.freeze({ id: payload.sub, role: payload.role }),
      version: typeof payload.ver === 'number' ? payload.ver : 0,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY,
    };
    // Only tokens with an expiry and no "not before" are remembered (all that this service issues).
    if (typeof payload.exp === 'number' && payload.nbf === undefined) this.verified.set(token, verified);
    return verified;
  }
}

import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { AdminBootstrap } from './admin-bootstrap.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { LoginThrottleSweeper } from './login-throttle.sweeper.js';
import { LoginThrottlesRepository } from './login-throttles.repository.js';
import { TokenVersions } from './token-versions.js';
import { UsersRepository } from './users.repository.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        // A KeyObject, not a string: given a string, jsonwebtoken first tries to parse it as a PEM
        // public key on every verify (measured ≈ 0.7 ms per request here) before using it as a secret.
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config.getOrThrow<AppConfig>('app')))),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    UsersRepository,
    LoginThrottlesRepository,
    LoginThrottleSweeper,
    TokenVersions,
    AdminBootstrap,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { APP_SCHEMA } from './app.schema.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClaimsModule } from './claims/claims.module.js';
import { CommonModule } from './common/common.module.js';
import { ErrorsFilter } from './common/errors/errors.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PublicModule } from './public/public.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RostersModule } from './rosters/rosters.module.js';
import { AllocationModule } from './allocation/allocation.module.js';
import { DisciplineModule } from './discipline/discipline.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { StallsModule } from './stalls/stalls.module.js';
import { VendorsModule } from './vendors/vendors.module.js';
import { WebModule } from './web/web.module.js';
import { ZonesModule } from './zones/zones.module.js';

@Module({})
export class AppModule {
  /** The whole service for a validated configuration (main.ts and the e2e tests build it the same way). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ ...config, app: config })],
        }),
        ScheduleModule.forRoot(),
        CommonModule,
        MetricsModule,
        DatabaseModule.forRoot(APP_SCHEMA),
        AuthModule,
        AuditModule,
        HealthModule,
        ZonesModule,
        StallsModule,
        SessionsModule,
        VendorsModule,
        ClaimsModule,
        NotificationsModule,
        FeedbackModule,
        AllocationModule,
        DisciplineModule,
        RostersModule,
        PublicModule,
        WebModule,
        ReportsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorsFilter },
      ],
    };
  }
}

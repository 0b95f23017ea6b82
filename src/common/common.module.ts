import { Global, Module } from '@nestjs/common';
import { ClaimEvents } from './claim-events.js';
import { Clock, SystemClock } from './clock.js';
import { HttpCacheInterceptor, HttpRepresentations } from './http-cache.js';

@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, HttpRepresentations, HttpCacheInterceptor, ClaimEvents],
  exports: [Clock, HttpRepresentations, HttpCacheInterceptor, ClaimEvents],
})
export class CommonModule {}

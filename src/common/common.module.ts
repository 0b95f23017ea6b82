import { Global, Module } from '@nestjs/common';
import { ClaimReleases } from './claim-releases.js';
import { Clock, SystemClock } from './clock.js';
import { HttpCacheInterceptor, HttpRepresentations } from './http-cache.js';

@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, HttpRepresentations, HttpCacheInterceptor, ClaimReleases],
  exports: [Clock, HttpRepresentations, HttpCacheInterceptor, ClaimReleases],
})
export class CommonModule {}

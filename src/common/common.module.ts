import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { HttpCacheInterceptor, HttpRepresentations } from './http-cache.js';

@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, HttpRepresentations, HttpCacheInterceptor],
  exports: [Clock, HttpRepresentations, HttpCacheInterceptor],
})
export class CommonModule {}

import { Module } from '@nestjs/common';
import { WebController } from './web.controller.js';
import { WebPages } from './web-pages.js';

/** The web faces' pages (the residents' page and stall pages now; `/vendor` and `/console` later). */
@Module({
  controllers: [WebController],
  providers: [WebPages],
})
export class WebModule {}

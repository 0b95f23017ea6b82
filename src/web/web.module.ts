import { Module } from '@nestjs/common';
import { WebController } from './web.controller.js';
import { WEB_DIST, WEB_ROOT } from './web-files.js';
import { WebPages } from './web-pages.js';

/** The web faces' pages: the residents' page and stall pages, the vendor app at `/vendor/`, the staff console at `/console/`. */
@Module({
  controllers: [WebController],
  providers: [WebPages, { provide: WEB_ROOT, useValue: WEB_DIST }],
})
export class WebModule {}

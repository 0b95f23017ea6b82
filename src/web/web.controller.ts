import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { VENDOR_ICON, VENDOR_MANIFEST, vendorServiceWorker } from './vendor-offline.js';
import { type Face, faceAssets, WEB_ROOT } from './web-files.js';
import { WebPages } from './web-pages.js';

const NOT_BUILT =
  'The web pages have not been built: run `npm run build` (or `npm run build:web`).\n' +
  'The API works meanwhile: its documentation is at /docs, the OpenAPI document at /docs-json, health at /api/health.\n';

const RESIDENTS_PATHS = ['/', 's/:stallId'];

/**
 * The paths this controller serves, kept outside the API's `/api` prefix (app.setup.ts). In the
 * exclusions' path-to-regexp syntax `vendor/*path` is Fastify's `vendor/*` below, and covers the
 * worker, manifest and icon routes too.
 */
export const WEB_PATHS = [...RESIDENTS_PATHS, 'vendor', 'vendor/*path', 'console', 'console/*path'];

/**
 * The residents' page (`GET /`) and the stall pages a sign's QR code opens
 * (`GET /s/:stallId`): one single-page app that reads the path. The HTML is
 * never cached (it names the current hashed bundles); the bundles are, for a
 * year (see web-assets.ts). The vendor app (`/vendor/…`) with its service worker,
 * web manifest and icon. Not part of the API, so not in the OpenAPI document.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(
    private readonly pages: WebPages,
    @Inject(WEB_ROOT) private readonly root: string,
  ) {}

  @Get(RESIDENTS_PATHS)
  @Public()
  @Header('cache-control', 'no-cache')
  residents(@Res() reply: FastifyReply): void {
    this.send(reply, 'residents');
  }

  /** The vendor app lives under `/vendor/` (the scope of its service worker): `/vendor` leads there. */
  @Get('vendor')
  @Public()
  vendorRoot(@Res() reply: FastifyReply): void {
    void reply.redirect('/vendor/', 302);
  }

  /** The vendor app's shell (`/vendor/` and its client-side routes): no token needed, its data needs one. */
  @Get('vendor/*')
  @Public()
  @Header('cache-control', 'no-cache')
  vendorRoute(@Res() reply: FastifyReply): void {
    this.send(reply, 'vendor');
  }

  /** The service worker, listing the vendor face's built files (it must not be cached long: it is how updates arrive). */
  @Get('vendor/sw.js')
  @Public()
  @Header('cache-control', 'no-cache')
  vendorWorker(@Res() reply: FastifyReply): void {
    void reply
      .type('text/javascript; charset=utf-8')
      .header('service-worker-allowed', '/vendor/')
      .send(vendorServiceWorker(faceAssets(this.root, 'vendor')));
  }

  @Get('vendor/manifest.webmanifest')
  @Public()
  @Header('cache-control', 'public, max-age=3600')
  vendorManifest(@Res() reply: FastifyReply): void {
    void reply.type('application/manifest+json; charset=utf-8').send(JSON.stringify(VENDOR_MANIFEST));
  }

  @Get('vendor/icon.svg')
  @Public()
  @Header('cache-control', 'public, max-age=86400')
  vendorIcon(@Res() reply: FastifyReply): void {
    void reply.type('image/svg+xml').send(VENDOR_ICON);
  }

  /** The staff console lives under `/console/`: `/console` leads there. */
  @Get('console')
  @Public()
  consoleRoot(@Res() reply: FastifyReply): void {
    void reply.redirect('/console/', 302);
  }

  /** The staff console's shell (`/console/` and its client-side routes): no token needed, its data needs a staff token. */
  @Get('console/*')
  @Public()
  @Header('cache-control', 'no-cache')
  consoleRoute(@Res() reply: FastifyReply): void {
    this.send(reply, 'console');
  }

  private send(reply: FastifyReply, face: Face): void {
    const html = this.pages.html(face);
    if (html === null) {
      void reply.status(503).header('retry-after', '60').type('text/plain; charset=utf-8').send(NOT_BUILT);
      return;
    }
    void reply.type('text/html; charset=utf-8').send(html);
  }
}

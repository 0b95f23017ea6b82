import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { type Face } from './web-files.js';
import { WebPages } from './web-pages.js';

const NOT_BUILT =
  'The web pages have not been built: run `npm run build` (or `npm run build:web`).\n' +
  'The API works meanwhile: its documentation is at /docs, the OpenAPI document at /docs-json, health at /api/health.\n';

/**
 * The residents' page (`GET /`) and the stall pages a sign's QR code opens
 * (`GET /s/:stallId`): one single-page app that reads the path. The HTML is
 * never cached (it names the current hashed bundles); the bundles are, for a
 * year (see web-assets.ts). Not part of the API, so not in the OpenAPI document.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly pages: WebPages) {}

  @Get()
  @Public()
  @Header('cache-control', 'no-cache')
  residents(@Res() reply: FastifyReply): void {
    this.send(reply, 'residents');
  }

  @Get('s/:stallId')
  @Public()
  @Header('cache-control', 'no-cache')
  stall(@Res() reply: FastifyReply): void {
    this.send(reply, 'residents');
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

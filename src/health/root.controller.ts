import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';

interface ServiceIndex {
  service: string;
  docs: string;
  openapi: string;
  health: string;
}

/** `GET /`: where to go from here (the API's documentation and health), instead of a bare 404. Not part of the API. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Public()
  index(): ServiceIndex {
    return { service: 'Tidal Market', docs: '/docs', openapi: '/docs-json', health: '/api/health' };
  }
}

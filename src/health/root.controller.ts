import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';

class ServiceIndex {
  @ApiProperty({ example: 'Tidal Market' }) service: string;
  @ApiProperty({ example: '/docs' }) docs: string;
  @ApiProperty({ example: '/docs-json' }) openapi: string;
  @ApiProperty({ example: '/api/health' }) health: string;
}

/** `GET /`: where to go from here (the API's documentation and health), instead of a bare 404. */
@ApiTags('operations')
@Controller()
export class RootController {
  @Get()
  @Public()
  @ApiOperation({ summary: 'Where the documentation and health check are' })
  @ApiOkResponse({ type: ServiceIndex })
  index(): ServiceIndex {
    return { service: 'Tidal Market', docs: '/docs', openapi: '/docs-json', health: '/api/health' };
  }
}

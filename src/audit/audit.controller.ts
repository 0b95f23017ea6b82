import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { TextField, UuidField } from '../common/fields.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { withLocalTimes } from './audit-times.js';
import { AuditService } from './audit.service.js';

class AuditQuery extends PageQuery {
  @TextField({ max: 32, optional: true, example: 'claim' })
  entityType?: string;

  @UuidField({ optional: true })
  entityId?: string;

  @UuidField({ optional: true })
  actorId?: string;

  @TextField({ max: 64, optional: true, example: 'claim.created' })
  action?: string;
}

class AuditEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-12-01T06:00:00+08:00' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ example: 'staff', description: 'staff, vendor or system' }) actorRole: string;
  @ApiProperty({ example: 'claim.created' }) action: string;
  @ApiProperty({ example: 'claim' }) entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'the record before the change; its instants (…At, …Until) as ISO 8601 with offset',
  })
  before: unknown;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'the record after the change; its instants (…At, …Until) as ISO 8601 with offset',
  })
  after: unknown;
}

const AuditPage = PageOf(AuditEntryResponse, 'AuditPage');

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('staff')
  @ApiOperation({ summary: 'Every staff action and claim change, newest first' })
  @ApiOkResponse({ type: AuditPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async list(@Query() query: AuditQuery) {
    const { items, total } = await this.audit.list(query);
    return {
      items: items.map((entry) => ({
        id: entry.id,
        at: formatInstant(entry.at, DEFAULT_TIMEZONE),
        actorId: entry.actorId,
        actorRole: entry.actorRole,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before ? withLocalTimes(JSON.parse(entry.before)) : null,
        after: entry.after ? withLocalTimes(JSON.parse(entry.after)) : null,
      })),
      total,
    };
  }
}

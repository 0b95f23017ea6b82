import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Roles } from '../auth/access.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf, PageQuery } from '../common/pagination.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { AuditService } from './audit.service.js';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'claim' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'entityId must be a UUID' })
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'claim.created' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
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
  @ApiProperty({ type: Object, nullable: true }) before: unknown;
  @ApiProperty({ type: Object, nullable: true }) after: unknown;
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
        before: entry.before ? JSON.parse(entry.before) : null,
        after: entry.after ? JSON.parse(entry.after) : null,
      })),
      total,
    };
  }
}

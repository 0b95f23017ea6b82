import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { BulkApproveDto, BulkApproveResponse, CreatedVendorResponse, CreateVendorDto, ImportVendorsResponse } from './dto/vendor.dto.js';
import { VendorDeskService } from './vendor-desk.service.js';
import { toVendorResponse } from './vendor.mapper.js';

const STAFF_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN] as const;

/** The sign-up desk's routes (staff). None is limited by the per-address registration limit. */
@ApiTags('vendors')
@ApiBearerAuth()
@Controller('vendors')
export class VendorDeskController {
  constructor(
    private readonly desk: VendorDeskService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('staff')
  @ApiOperation({
    summary: 'Register a grower at a desk: an approved vendor with a one-time password',
    description: 'The password is in this answer only (stored as a hash). Not limited by the per-address registration limit.',
  })
  @ApiCreatedResponse({ type: CreatedVendorResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.DUPLICATE_PHONE, ...STAFF_ERRORS)
  async create(@Body() dto: CreateVendorDto, @CurrentActor() actor: Actor): Promise<CreatedVendorResponse> {
    const made = await this.desk.create({ name: dto.name, phone: dto.phone, kind: dto.kind, categories: dto.categories }, actor);
    return { ...toVendorResponse(made.vendor, this.clock.now(), { served: 0, missed: 0 }), initialPassword: made.initialPassword };
  }

  @Post('import')
  @HttpCode(200)
  @Roles('staff')
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'CSV, UTF-8 with or without BOM: the header row name,phone,kind,categories, then one vendor per row (categories separated ' +
      'by |, e.g. vegetables|fruit); at most 5,000 rows and 2 MB.',
    schema: { type: 'string', example: 'name,phone,kind,categories\n李德福,13912345678,fruit_farmer,fruit\n' },
  })
  @ApiOperation({
    summary: 'Import vendors from a CSV, each row on its own, with a per-row report',
    description:
      'Each valid row becomes an approved vendor with a one-time password (in this answer only); a row that cannot be read, ' +
      'is invalid, or whose phone is registered (or on an earlier row) is refused alone, with its line, code, column and message. ' +
      'A missing or wrong header row, or more than 5,000 rows, refuses the file (400). The body must be text/csv (415 otherwise).',
  })
  @ApiOkResponse({ type: ImportVendorsResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.PAYLOAD_TOO_LARGE, ...STAFF_ERRORS)
  async import(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<ImportVendorsResponse> {
    if (typeof body !== 'string') throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'send the CSV as text/csv');
    return this.desk.import(body, actor);
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('staff')
  @ApiOperation({
    summary: 'Approve pending vendors at once (up to 500)',
    description: 'Each pending vendor is approved and told; the others are skipped with NOT_FOUND or INVALID_STATE_TRANSITION.',
  })
  @ApiOkResponse({ type: BulkApproveResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...STAFF_ERRORS)
  approve(@Body() dto: BulkApproveDto, @CurrentActor() actor: Actor): Promise<BulkApproveResponse> {
    return this.desk.approvePending(dto.ids, actor);
  }
}

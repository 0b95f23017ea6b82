import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { RateLimited } from '../common/rate-limit.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../auth/access.decorators.js';
import type { Actor } from '../common/actor.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Clock } from '../common/clock.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { PageOf } from '../common/pagination.js';
import { DutyRecord } from '../common/ports/duty-record.js';
import { ParseIdPipe } from '../common/validation.js';
import {
  ListVendorsQuery,
  RegisterVendorDto,
  RegisterVendorResponse,
  RejectVendorDto,
  SuspendVendorDto,
  UpdateVendorDto,
  VendorResponse,
} from './dto/vendor.dto.js';
import { toVendorResponse } from './vendor.mapper.js';
import type { Vendor } from './vendor.js';
import { VendorsService } from './vendors.service.js';

const VendorPage = PageOf(VendorResponse, 'VendorPage');
const STAFF_ERRORS = [ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND] as const;

@ApiTags('vendors')
@Controller('vendors')
export class VendorsController {
  constructor(
    private readonly vendors: VendorsService,
    private readonly clock: Clock,
    private readonly duties: DutyRecord,
  ) {}

  private async present(vendor: Vendor): Promise<VendorResponse> {
    return (await this.presentAll([vendor]))[0];
  }

  /** Vendors as answered: the status read now, and the record of duties (one query for the lot). */
  private async presentAll(vendors: Vendor[]): Promise<VendorResponse[]> {
    const now = this.clock.now();
    const records = await this.duties.of(vendors.map((v) => v.id));
    return vendors.map((v) => toVendorResponse(v, now, records.get(v.id) ?? { served: 0, missed: 0 }));
  }

  @Post('register')
  @Public()
  @RateLimited()
  @ApiOperation({ summary: 'Register as a vendor (no token); staff vet the registration' })
  @ApiCreatedResponse({ type: RegisterVendorResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.DUPLICATE_PHONE, ErrorCode.RATE_LIMITED)
  async register(@Body() dto: RegisterVendorDto): Promise<RegisterVendorResponse> {
    const vendor = await this.vendors.register(dto);
    return { id: vendor.id, status: 'pending' };
  }

  @Get('me')
  @Roles('vendor')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The calling vendor's own record" })
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)
  async me(@CurrentActor() actor: Actor): Promise<VendorResponse> {
    return this.present(await this.vendors.get(actor.id));
  }

  @Get()
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List vendors, optionally by status' })
  @ApiOkResponse({ type: VendorPage })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN)
  async list(@Query() query: ListVendorsQuery) {
    const page = await this.vendors.list(query);
    return { items: await this.presentAll(page.items), total: page.total };
  }

  @Get(':id')
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(...STAFF_ERRORS)
  async get(@Param('id', ParseIdPipe) id: string): Promise<VendorResponse> {
    return this.present(await this.vendors.get(id));
  }

  @Patch(':id')
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Set a vendor's priority groups (staff-verified; the lottery puts them first)" })
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ...STAFF_ERRORS)
  async update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateVendorDto, @CurrentActor() actor: Actor): Promise<VendorResponse> {
    return this.present(await this.vendors.setPriorityGroups(id, dto.priorityGroups, actor));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(ErrorCode.INVALID_STATE_TRANSITION, ...STAFF_ERRORS)
  async approve(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<VendorResponse> {
    return this.present(await this.vendors.approve(id, actor));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_STATE_TRANSITION, ...STAFF_ERRORS)
  async reject(@Param('id', ParseIdPipe) id: string, @Body() dto: RejectVendorDto, @CurrentActor() actor: Actor): Promise<VendorResponse> {
    return this.present(await this.vendors.reject(id, dto.reason, actor));
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Suspend a vendor; its claims in the suspended period become cancelled_by_market' })
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_STATE_TRANSITION, ...STAFF_ERRORS)
  async suspend(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: SuspendVendorDto,
    @CurrentActor() actor: Actor,
  ): Promise<VendorResponse> {
    return this.present(await this.vendors.suspend(id, dto, actor));
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Roles('staff')
  @ApiBearerAuth()
  @ApiOkResponse({ type: VendorResponse })
  @ApiErrors(ErrorCode.INVALID_STATE_TRANSITION, ...STAFF_ERRORS)
  async reinstate(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<VendorResponse> {
    return this.present(await this.vendors.reinstate(id, actor));
  }
}

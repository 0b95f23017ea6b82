import { ApiProperty } from '@nestjs/swagger';
import { EnumField, EnumListField, InstantField, PatternField, TextField, UuidListField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { STALL_CATEGORIES, type StallCategory } from '../../stalls/stall.js';
import { PRIORITY_GROUPS, VENDOR_KINDS, VENDOR_STATUSES, type PriorityGroup, type VendorKind, type VendorStatus } from '../vendor.js';

export const PHONE_PATTERN = /^1\d{10}$/;

/** A vendor's phone: a mainland mobile number, also the vendor's login username. */
function PhoneField(example: string): PropertyDecorator {
  return PatternField(PHONE_PATTERN, 'a mainland mobile number: 11 digits starting with 1', {
    example,
    description: 'mainland mobile number: 11 digits starting with 1; also the login username',
    minLength: 11,
    maxLength: 11,
  });
}

export class RegisterVendorDto {
  @TextField({ max: 100, example: '张桂兰' })
  name: string;

  @PhoneField('13812345678')
  phone: string;

  @TextField({ min: 6, max: 128, example: 'secret-123' })
  password: string;

  @EnumField(VENDOR_KINDS)
  kind: VendorKind;

  @EnumListField(STALL_CATEGORIES, { min: 1, max: 4, example: ['vegetables'], description: 'what the vendor sells' })
  categories: StallCategory[];
}

export class RegisterVendorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'pending' }) status: 'pending';
}

export class RejectVendorDto {
  @TextField({ max: 500, multiline: true, example: '证件照片不清晰' })
  reason: string;
}

export class UpdateVendorDto {
  @EnumListField(PRIORITY_GROUPS, {
    min: 0,
    max: 4,
    example: ['elderly', 'own_produce'],
    description: 'staff-verified priority in lottery rounds: low_income, local_resident, own_produce, elderly ([] clears them)',
  })
  priorityGroups: PriorityGroup[];
}

export class SuspendVendorDto {
  @TextField({ max: 500, multiline: true, example: '多次占道经营' })
  reason: string;

  @InstantField({
    optional: true,
    example: '2026-12-31T00:00:00+08:00',
    description: 'end of the suspension (an instant in the future); absent: until reinstated',
  })
  until?: string;
}

export class ListVendorsQuery extends PageQuery {
  @EnumField(VENDOR_STATUSES, { optional: true })
  status?: VendorStatus;

  @TextField({ max: 100, optional: true, example: '张', description: 'part of the name (case-insensitive) or of the phone number' })
  q?: string;
}

export class VendorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '13812345678' }) phone: string;
  @ApiProperty({ enum: VENDOR_KINDS }) kind: VendorKind;
  @ApiProperty({ enum: STALL_CATEGORIES, isArray: true }) categories: StallCategory[];
  @ApiProperty({ enum: PRIORITY_GROUPS, isArray: true, example: [] }) priorityGroups: PriorityGroup[];
  @ApiProperty({ enum: VENDOR_STATUSES, description: 'a suspension past its end reads as approved' }) status: VendorStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-31T00:00:00+08:00' }) suspendedUntil: string | null;
  @ApiProperty({ example: 5, description: 'roster turns recorded as done, in every zone' }) dutiesServed: number;
  @ApiProperty({ example: 0, description: 'roster turns recorded as missed, in every zone' }) dutiesMissed: number;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
}

/** A vendor made by staff at a sign-up desk: no password in the request, one is generated. */
export class CreateVendorDto {
  @TextField({ max: 100, example: '李德福' })
  name: string;

  @PhoneField('13912345678')
  phone: string;

  @EnumField(VENDOR_KINDS)
  kind: VendorKind;

  @EnumListField(STALL_CATEGORIES, { min: 1, max: 4, example: ['fruit'], description: 'what the vendor sells' })
  categories: StallCategory[];
}

export class CreatedVendorResponse extends VendorResponse {
  @ApiProperty({
    example: 'k7m2x9p4qa',
    description:
      'the one-time password (10 characters), shown in this answer only and stored only as a hash; the vendor changes it with POST /api/auth/password',
  })
  initialPassword: string;
}

export class BulkApproveDto {
  @UuidListField({ max: 500, description: 'vendors to approve (1–500); only pending ones are approved, the others skipped' })
  ids: string[];
}

export class SkippedApproval {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['NOT_FOUND', 'INVALID_STATE_TRANSITION'],
    description: 'NOT_FOUND: no such vendor; INVALID_STATE_TRANSITION: not pending',
  })
  code: string;
}

export class BulkApproveResponse {
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'vendors approved now (each told)' }) approved: string[];
  @ApiProperty({ type: [SkippedApproval] }) skipped: SkippedApproval[];
}

export class ImportedVendor {
  @ApiProperty({ type: 'integer', example: 2, description: "the row's line in the file (the header is line 1)" }) line: number;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'k7m2x9p4qa', description: 'one-time password, shown in this answer only' }) initialPassword: string;
}

export class RefusedRow {
  @ApiProperty({ type: 'integer', example: 5, description: "the row's line in the file (the header is line 1)" }) line: number;
  @ApiProperty({ enum: ['VALIDATION_FAILED', 'DUPLICATE_PHONE'], example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ required: false, enum: ['name', 'phone', 'kind', 'categories'], description: 'the column at fault, when one is' })
  field?: string;
  @ApiProperty({ example: 'phone must be a mainland mobile number: 11 digits starting with 1' }) message: string;
}

export class ImportVendorsResponse {
  @ApiProperty({ type: [ImportedVendor] }) created: ImportedVendor[];
  @ApiProperty({ type: [RefusedRow] }) refused: RefusedRow[];
}

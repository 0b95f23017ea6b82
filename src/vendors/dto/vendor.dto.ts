import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { STALL_CATEGORIES, type StallCategory } from '../../stalls/stall.js';
import { VENDOR_KINDS, VENDOR_STATUSES, type PriorityGroup, type VendorKind, type VendorStatus } from '../vendor.js';

export const PHONE_PATTERN = /^1\d{10}$/;

export class RegisterVendorDto {
  @ApiProperty({ example: '张桂兰', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '13812345678', description: 'mainland mobile number: 11 digits starting with 1; also the login username' })
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be a mainland mobile number: 11 digits starting with 1' })
  phone: string;

  @ApiProperty({ minLength: 6, maxLength: 128 })
  @IsString()
  @MinLength(6)
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: VENDOR_KINDS })
  @IsIn(VENDOR_KINDS)
  kind: VendorKind;

  @ApiProperty({ enum: STALL_CATEGORIES, isArray: true, example: ['vegetables'], description: 'what the vendor sells' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(STALL_CATEGORIES, { each: true })
  categories: StallCategory[];
}

export class RegisterVendorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'pending' }) status: 'pending';
}

export class RejectVendorDto {
  @ApiProperty({ example: '证件照片不清晰', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class SuspendVendorDto {
  @ApiProperty({ example: '多次占道经营', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({
    example: '2026-12-31T00:00:00+08:00',
    description: 'end of the suspension (an instant in the future); absent: until reinstated',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}

export class ListVendorsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VENDOR_STATUSES })
  @IsOptional()
  @IsIn(VENDOR_STATUSES)
  status?: VendorStatus;
}

export class VendorResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '13812345678' }) phone: string;
  @ApiProperty({ enum: VENDOR_KINDS }) kind: VendorKind;
  @ApiProperty({ enum: STALL_CATEGORIES, isArray: true }) categories: StallCategory[];
  @ApiProperty({ isArray: true, example: [] }) priorityGroups: PriorityGroup[];
  @ApiProperty({ enum: VENDOR_STATUSES, description: 'a suspension past its end reads as approved' }) status: VendorStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-31T00:00:00+08:00' }) suspendedUntil: string | null;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { EnumField, IntField, PatternField } from '../../common/fields.js';
import { STALL_CATEGORIES, STALL_STATUSES, type StallCategory, type StallStatus } from '../stall.js';

const CODE_PATTERN = /^[\p{L}\p{N}_-]{1,32}$/u;
const PREFIX_PATTERN = /^[\p{L}\p{N}_-]{0,24}$/u;

export class CreateStallDto {
  @PatternField(CODE_PATTERN, '1–32 letters, digits, - or _', {
    example: 'A01',
    description: 'unique within the zone',
    minLength: 1,
    maxLength: 32,
  })
  code: string;

  @EnumField(STALL_CATEGORIES, { description: '`general` takes any vendor' })
  category: StallCategory;
}

export class BulkCreateStallsDto {
  @PatternField(PREFIX_PATTERN, 'at most 24 letters, digits, - or _', {
    example: 'A',
    description: 'codes are prefix + a zero-padded number: A01, A02…',
    maxLength: 24,
  })
  prefix: string;

  @IntField({ min: 1, max: 500, example: 20 })
  count: number;

  @EnumField(STALL_CATEGORIES)
  category: StallCategory;
}

export class UpdateStallDto {
  @EnumField(STALL_CATEGORIES, { optional: true })
  category?: StallCategory;

  @EnumField(STALL_STATUSES, { optional: true, description: 'a closed stall takes no new claims' })
  status?: StallStatus;
}

export class StallResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ example: 'A01' }) code: string;
  @ApiProperty({ enum: STALL_CATEGORIES }) category: StallCategory;
  @ApiProperty({ enum: STALL_STATUSES }) status: StallStatus;
}

export class StallListResponse {
  @ApiProperty({ type: [StallResponse] }) items: StallResponse[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { STALL_CATEGORIES, STALL_STATUSES, type StallCategory, type StallStatus } from '../stall.js';

const CODE_PATTERN = /^[\p{L}\p{N}_-]{1,32}$/u;
const PREFIX_PATTERN = /^[\p{L}\p{N}_-]{0,24}$/u;

export class CreateStallDto {
  @ApiProperty({ example: 'A01', description: 'unique within the zone; letters, digits, - and _' })
  @IsString()
  @Matches(CODE_PATTERN, { message: 'code must be 1–32 letters, digits, - or _' })
  code: string;

  @ApiProperty({ enum: STALL_CATEGORIES, description: '`general` takes any vendor' })
  @IsIn(STALL_CATEGORIES)
  category: StallCategory;
}

export class BulkCreateStallsDto {
  @ApiProperty({ example: 'A', description: 'codes are prefix + a zero-padded number: A01, A02…' })
  @IsString()
  @Matches(PREFIX_PATTERN, { message: 'prefix must be at most 24 letters, digits, - or _' })
  prefix: string;

  @ApiProperty({ minimum: 1, maximum: 500, example: 20 })
  @IsInt()
  @Min(1)
  @Max(500)
  count: number;

  @ApiProperty({ enum: STALL_CATEGORIES })
  @IsIn(STALL_CATEGORIES)
  category: StallCategory;
}

export class UpdateStallDto {
  @ApiPropertyOptional({ enum: STALL_CATEGORIES })
  @IsOptional()
  @IsIn(STALL_CATEGORIES)
  category?: StallCategory;

  @ApiPropertyOptional({ enum: STALL_STATUSES, description: 'a closed stall takes no new claims' })
  @IsOptional()
  @IsIn(STALL_STATUSES)
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

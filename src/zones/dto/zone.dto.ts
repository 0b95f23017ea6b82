import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { isValidTimeZone } from '../../recurrence/local-time.js';
import { ZONE_STATUSES, type ZoneStatus } from '../zone.js';

function IsTimeZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && isValidTimeZone(value),
      defaultMessage: () => 'timezone must be an IANA time zone such as Asia/Shanghai',
    },
  });
}

export class CreateZoneDto {
  @ApiProperty({ example: '南川区东城街道潮汐摊区', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '南川区', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  district: string;

  @ApiProperty({ example: '东城街道金佛大道 18 号旁', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  address: string;

  @ApiProperty({ example: 29.1573, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number;

  @ApiProperty({ example: 107.0987, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', default: 'Asia/Shanghai' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ default: 7, minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxClaimsPerVendorPerWeek?: number;

  @ApiPropertyOptional({ default: 14, minimum: 0, maximum: 366, description: 'how many days ahead vendors may claim' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  bookingHorizonDays?: number;
}

export class UpdateZoneDto extends PartialType(CreateZoneDto) {
  @ApiPropertyOptional({ enum: ZONE_STATUSES })
  @IsOptional()
  @IsIn(ZONE_STATUSES)
  status?: ZoneStatus;
}

export class ListZonesQuery extends PageQuery {
  @ApiPropertyOptional({ example: '南川区' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ description: 'part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ZoneResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() district: string;
  @ApiProperty() address: string;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() maxClaimsPerVendorPerWeek: number;
  @ApiProperty() bookingHorizonDays: number;
  @ApiProperty({ enum: ZONE_STATUSES }) status: ZoneStatus;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) updatedAt: string;
}

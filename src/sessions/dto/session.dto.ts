import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsLocalDate, IsTimeOfDay } from '../../common/validation.js';

export class CreateSessionDto {
  @ApiProperty({ example: 'morning', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '06:00', description: 'local wall-clock time HH:mm' })
  @IsTimeOfDay()
  startTime: string;

  @ApiProperty({ example: '09:00', description: 'at or before startTime means the next day (a night market)' })
  @IsTimeOfDay()
  endTime: string;

  @ApiProperty({
    example: 'FREQ=DAILY',
    description:
      'RFC 5545 RRULE value without DTSTART; FREQ DAILY, WEEKLY, MONTHLY or YEARLY; no BYHOUR/BYMINUTE/BYSECOND; INTERVAL 1–366; COUNT ≤ 1000',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  rrule: string;

  @ApiProperty({
    example: '2026-12-01',
    format: 'date',
    description: 'first possible occurrence date (an occurrence only if the rule matches it)',
  })
  @IsLocalDate()
  validFrom: string;

  @ApiPropertyOptional({ example: '2027-06-30', format: 'date', description: 'last possible occurrence date, inclusive' })
  @IsOptional()
  @IsLocalDate()
  validUntil?: string;
}

export class UpdateSessionDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '06:00' })
  @IsOptional()
  @IsTimeOfDay()
  startTime?: string;

  @ApiPropertyOptional({ example: '09:00' })
  @IsOptional()
  @IsTimeOfDay()
  endTime?: string;

  @ApiPropertyOptional({ example: 'FREQ=WEEKLY;BYDAY=SA,SU' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  rrule?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'null removes the end date' })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsLocalDate()
  validUntil?: string | null;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ example: 'morning' }) name: string;
  @ApiProperty({ example: '06:00' }) startTime: string;
  @ApiProperty({ example: '09:00' }) endTime: string;
  @ApiProperty({ example: 'FREQ=DAILY' }) rrule: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ description: 'true when endTime is at or before startTime' }) overnight: boolean;
}

export class CreateCancellationDto {
  @ApiProperty({ format: 'date', example: '2026-12-05' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ example: '暴雨预警 / heavy rain warning', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class CancellationResponse {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'active claims turned into cancelled_by_market by this cancellation' }) claimsCancelled: number;
}

export class ScheduleItem {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: 'morning' }) name: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: '2026-12-01T06:00:00+08:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) end: string;
  @ApiProperty() cancelled: boolean;
  @ApiPropertyOptional() reason?: string;
}

export class ScheduleResponse {
  @ApiProperty({ type: [ScheduleItem] }) items: ScheduleItem[];
}

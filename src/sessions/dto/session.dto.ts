import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateField, TextField, TimeField } from '../../common/fields.js';
import { RuleField } from '../../common/rule-field.js';

export class CreateSessionDto {
  @TextField({ max: 100, example: 'morning' })
  name: string;

  @TimeField({ example: '06:00', description: 'local wall-clock time HH:mm' })
  startTime: string;

  @TimeField({ example: '09:00', description: 'at or before startTime means the next day (a night market)' })
  endTime: string;

  @RuleField({ example: 'FREQ=DAILY' })
  rrule: string;

  @DateField({ example: '2026-12-01', description: 'first possible occurrence date (an occurrence only if the rule matches it)' })
  validFrom: string;

  @DateField({ optional: true, example: '2027-06-30', description: 'last possible occurrence date, inclusive; not before validFrom (400)' })
  validUntil?: string;
}

/**
 * A field left out stays as it is. A new timing (times, rule, validity) applies
 * from the first date whose run has not begun; earlier runs keep the timing they had.
 */
export class UpdateSessionDto {
  @TextField({ max: 100, optional: true })
  name?: string;

  @TimeField({ optional: true, example: '06:00' })
  startTime?: string;

  @TimeField({ optional: true, example: '09:00' })
  endTime?: string;

  @RuleField({ optional: true, example: 'FREQ=WEEKLY;BYDAY=SA,SU' })
  rrule?: string;

  @DateField({ optional: true })
  validFrom?: string;

  @DateField({ optional: true, nullable: true, description: 'null removes the end date; not before validFrom, given or stored (400)' })
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
  @DateField({ example: '2026-12-05', description: 'a date the session runs on whose run has not begun' })
  date: string;

  @TextField({ max: 500, multiline: true, example: '暴雨预警 / heavy rain warning' })
  reason: string;
}

export class CancellationResponse {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: 'integer', description: 'active claims turned into cancelled_by_market by this cancellation' })
  claimsCancelled: number;
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

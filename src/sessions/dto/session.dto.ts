import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CustomField, DateField, FieldCheck, FieldOptions, TextField, TimeField } from '../../common/fields.js';
import { parseRule, RecurrenceError } from '../../recurrence/rule.js';

const RRULE_DESCRIPTION =
  'RFC 5545 RRULE value without DTSTART: FREQ DAILY, WEEKLY, MONTHLY or YEARLY; INTERVAL 1–366; COUNT 1–1000 (counted in full up to 2199-12-31); ' +
  'UNTIL as a DATE (20270131: runs on or before that local date) or a UTC DATE-TIME (20270130T220000Z: runs that start at or before that instant); ' +
  'BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYSETPOS, WKST. BYWEEKNO and BYHOUR/BYMINUTE/BYSECOND are refused (400 INVALID_RECURRENCE).';
const RRULE_PATTERN = '^([Rr][Rr][Uu][Ll][Ee]:)?[A-Za-z0-9=;,+-]+$';

/**
 * An RRULE: a string of 1–500 characters (else 400 VALIDATION_FAILED), that
 * the recurrence parser accepts (else 400 INVALID_RECURRENCE) — both judged
 * before anything is looked up.
 */
function RuleField(options: FieldOptions): PropertyDecorator {
  const isRuleText = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 500;
  return applyDecorators(
    CustomField(
      'isRuleText',
      (value) => (isRuleText(value) ? undefined : 'must be an RRULE value of 1–500 characters'),
      { type: String, minLength: 1, maxLength: 500, pattern: RRULE_PATTERN, description: RRULE_DESCRIPTION },
      options,
    ),
    FieldCheck(
      'isRecurrenceRule',
      (value) => {
        if (!isRuleText(value)) return undefined; // the text check above answers
        try {
          parseRule(value as string);
          return undefined;
        } catch (error) {
          if (error instanceof RecurrenceError) return `is not a rule this service runs: ${error.message}`;
          throw error;
        }
      },
      ErrorCode.INVALID_RECURRENCE,
    ),
  );
}

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

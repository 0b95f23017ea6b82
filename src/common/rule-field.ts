import { applyDecorators } from '@nestjs/common';
import { parseRule, RecurrenceError } from '../recurrence/rule.js';
import { ErrorCode } from './errors/error-code.js';
import { CustomField, FieldCheck, FieldOptions } from './fields.js';

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
export function RuleField(options: FieldOptions): PropertyDecorator {
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

/** A rule as stored: upper case, without a leading "RRULE:". */
export function normalRule(rrule: string): string {
  return rrule.toUpperCase().replace(/^RRULE:/, '');
}

import fc from 'fast-check';
import { DateTime } from 'luxon';
import rrule from 'rrule';
import { firstOccurrence, isOccurrence, occurrenceDates, Recurrence } from './expand.js';
import { formatInstant, localToInstant, occurrenceWindow } from './local-time.js';
import { parseRule, RecurrenceError } from './rule.js';

function recurrence(rule: string, validFrom: string, validUntil: string | null = null): Recurrence {
  return { rule: parseRule(rule), validFrom, validUntil };
}

describe('parseRule', () => {
  it.each([
    ['FREQ=DAILY'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR'],
    ['RRULE:FREQ=MONTHLY;BYDAY=1SA'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'],
    ['freq=weekly;interval=2'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1'],
    ['FREQ=DAILY;COUNT=1000'],
    ['FREQ=DAILY;UNTIL=20261231T000000Z'],
  ])('accepts %s', (text) => {
    expect(() => parseRule(text)).not.toThrow();
  });

  it.each([
    ['', 'non-empty'],
    ['FREQ=MINUTELY', 'FREQ must be'],
    ['FREQ=HOURLY;INTERVAL=2;BYHOUR=18', 'FREQ must be'],
    ['FREQ=DAILY;BYHOUR=18', 'BYHOUR is not allowed'],
    ['FREQ=DAILY;BYMINUTE=5', 'BYMINUTE is not allowed'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be'],
    ['FREQ=DAILY;INTERVAL=367', 'INTERVAL must be'],
    ['FREQ=DAILY;COUNT=100000000', 'COUNT must be'],
    ['FREQ=DAILY;COUNT=0', 'COUNT must be'],
    ['FREQ=DAILY\nDTSTART:20260101', 'only letters'],
    ['DTSTART=20260101;FREQ=DAILY', 'DTSTART is not supported'],
    ['FREQ=DAILY;TZID=Asia/Shanghai', 'only letters'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'appears twice'],
    ['INTERVAL=2', 'FREQ is required'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20261231', 'COUNT and UNTIL'],
    ['FREQ=WEEKLY;BYDAY=XX', 'XX is not a weekday'],
    ['FREQ=WEEKLY;BYDAY=1MO', 'ordinal'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY must be'],
    ['FREQ=DAILY;UNTIL=20260230', 'not a real date'],
    ['FREQ=DAILY;', 'KEY=VALUE'],
    ['FREQ=YEARLY;BYWEEKNO=20', 'BYWEEKNO is not supported'],
    ['FREQ=MONTHLY;BYDAY=MO,1SA', 'cannot mix'],
    ['FREQ=DAILY;BYSETPOS=1;BYDAY=MO', 'BYSETPOS is not allowed'],
  ])('refuses %j', (text, message) => {
    expect(() => parseRule(text)).toThrow(RecurrenceError);
    expect(() => parseRule(text)).toThrow(message);
  });
});

describe('occurrenceDates', () => {
  it('expands a daily rule from validFrom', () => {
    expect(occurrenceDates(recurrence('FREQ=DAILY', '2026-12-01'), '2026-11-28', '2026-12-03')).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
  });

  it('expands weekly by day', () => {
    // 2026-12-01 is a Tuesday.
    expect(occurrenceDates(recurrence('FREQ=WEEKLY;BYDAY=MO,SA', '2026-12-01'), '2026-12-01', '2026-12-14')).toEqual([
      '2026-12-05',
      '2026-12-07',
      '2026-12-12',
      '2026-12-14',
    ]);
  });

  it('takes the weekday of validFrom when a weekly rule names none', () => {
    expect(occurrenceDates(recurrence('FREQ=WEEKLY;INTERVAL=2', '2026-12-01'), '2026-12-01', '2027-01-01')).toEqual([
      '2026-12-01',
      '2026-12-15',
      '2026-12-29',
    ]);
  });

  it('expands monthly by day of month, skipping months without that day', () => {
    expect(occurrenceDates(recurrence('FREQ=MONTHLY;BYMONTHDAY=31', '2026-12-01'), '2026-12-01', '2027-05-31')).toEqual([
      '2026-12-31',
      '2027-01-31',
      '2027-03-31',
      '2027-05-31',
    ]);
  });

  it('expands monthly by ordinal weekday', () => {
    expect(occurrenceDates(recurrence('FREQ=MONTHLY;BYDAY=1SA', '2026-12-01'), '2026-12-01', '2027-02-28')).toEqual([
      '2026-12-05',
      '2027-01-02',
      '2027-02-06',
    ]);
  });

  it('includes validFrom only when the rule matches it', () => {
    // 2026-12-01 is a Tuesday; the rule wants Wednesdays.
    expect(occurrenceDates(recurrence('FREQ=WEEKLY;BYDAY=WE', '2026-12-01'), '2026-12-01', '2026-12-02')).toEqual(['2026-12-02']);
  });

  it('stops at validUntil, inclusive', () => {
    const r = recurrence('FREQ=DAILY', '2026-12-01', '2026-12-03');
    expect(occurrenceDates(r, '2026-12-01', '2026-12-31')).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('stops at UNTIL and at COUNT', () => {
    expect(occurrenceDates(recurrence('FREQ=DAILY;UNTIL=20261202', '2026-12-01'), '2026-11-01', '2027-01-01')).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(occurrenceDates(recurrence('FREQ=WEEKLY;COUNT=3', '2026-12-01'), '2026-12-10', '2027-12-01')).toEqual(['2026-12-15']);
  });

  it('finds next week of a session that started five years ago', () => {
    const r = recurrence('FREQ=WEEKLY;BYDAY=TU,SA', '2021-11-30');
    expect(occurrenceDates(r, '2026-11-30', '2026-12-06')).toEqual(['2026-12-01', '2026-12-05']);
  });

  it('keeps the phase of an every-third-day rule across years', () => {
    const r = recurrence('FREQ=DAILY;INTERVAL=3', '2020-01-01');
    // 2026-12-01 is day 2526 = 3 × 842 after 2020-01-01.
    expect(occurrenceDates(r, '2026-11-29', '2026-12-10')).toEqual(['2026-12-01', '2026-12-04', '2026-12-07', '2026-12-10']);
  });

  it('answers isOccurrence for exactly the expanded dates', () => {
    const r = recurrence('FREQ=WEEKLY;BYDAY=SA', '2026-12-01');
    expect(isOccurrence(r, '2026-12-05')).toBe(true);
    expect(isOccurrence(r, '2026-12-06')).toBe(false);
  });

  it('finds no first occurrence for a rule that never matches', () => {
    expect(firstOccurrence(recurrence('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', '2026-12-01'))).toBeNull();
    expect(firstOccurrence(recurrence('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2026-12-01'))).toBe('2028-02-29');
    expect(firstOccurrence(recurrence('FREQ=DAILY', '2026-12-01', '2026-11-30'))).toBeNull();
    // rrule.js walks to the year 9999 on these (rrule#481); this evaluator stops at the horizon.
    expect(firstOccurrence(recurrence('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '2026-12-01'))).toBeNull();
    expect(firstOccurrence(recurrence('FREQ=DAILY;INTERVAL=7;BYDAY=MO', '2026-12-01'))).toBeNull();
    expect(occurrenceDates(recurrence('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '2026-12-01'), '2026-12-01', '2027-12-01')).toEqual([]);
  });

  it('counts the occurrences of a COUNT rule from validFrom, whatever window is asked', () => {
    const r = recurrence('FREQ=MONTHLY;BYDAY=1SA,3SA;COUNT=5', '2026-12-01');
    expect(occurrenceDates(r, '2020-01-01', '2030-01-01')).toEqual(['2026-12-05', '2026-12-19', '2027-01-02', '2027-01-16', '2027-02-06']);
    expect(occurrenceDates(r, '2027-01-10', '2027-12-31')).toEqual(['2027-01-16', '2027-02-06']);
  });

  it('ranks BYSETPOS over the whole period, not the window', () => {
    const r = recurrence('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2026-12-01');
    // The last weekday of December 2026 is Thursday the 31st, outside a window ending on the 30th.
    expect(occurrenceDates(r, '2026-12-01', '2026-12-30')).toEqual([]);
    expect(occurrenceDates(r, '2026-12-01', '2027-01-31')).toEqual(['2026-12-31', '2027-01-29']);
  });
});

describe('occurrenceDates against rrule.js (property)', () => {
  const { RRule } = rrule;
  const subset = <T>(items: T[], max: number) => fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: max });
  const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const codes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  const ruleText = fc
    .record({
      freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
      interval: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 5 }), fc.constantFrom(13, 52, 366)),
      byMonth: fc.option(subset(days(1, 12), 3)),
      byMonthDay: fc.option(subset([...days(1, 28), -1, -2, -7], 3)),
      byDay: fc.option(subset(codes, 3)),
      nth: fc.option(fc.array(fc.tuple(fc.constantFrom(1, 2, -1, 3), fc.constantFrom(...codes)), { minLength: 1, maxLength: 2 })),
      byYearDay: fc.option(subset([1, 60, 100, 200, 365, -1, -100], 2)),
      bySetPos: fc.option(subset([1, 2, -1], 2)),
      wkst: fc.constantFrom(...codes),
      count: fc.option(fc.integer({ min: 1, max: 40 }), { freq: 4 }),
    })
    .map((r) => {
      const parts = [`FREQ=${r.freq}`];
      if (r.interval > 1) parts.push(`INTERVAL=${r.interval}`);
      if (r.byMonth) parts.push(`BYMONTH=${r.byMonth.join(',')}`);
      if (r.byMonthDay && r.freq !== 'WEEKLY') parts.push(`BYMONTHDAY=${r.byMonthDay.join(',')}`);
      if (r.nth && (r.freq === 'MONTHLY' || r.freq === 'YEARLY')) parts.push(`BYDAY=${r.nth.map(([n, d]) => `${n}${d}`).join(',')}`);
      else if (r.byDay) parts.push(`BYDAY=${r.byDay.join(',')}`);
      if (r.byYearDay && r.freq === 'YEARLY') parts.push(`BYYEARDAY=${r.byYearDay.join(',')}`);
      if (r.bySetPos && r.freq !== 'DAILY' && parts.length > (r.interval > 1 ? 2 : 1)) parts.push(`BYSETPOS=${r.bySetPos.join(',')}`);
      parts.push(`WKST=${r.wkst}`);
      // rrule.js counts a date twice when two BYSETPOS positions pick it, so COUNT would differ.
      if (r.count && !parts.some((p) => p.startsWith('BYSETPOS'))) parts.push(`COUNT=${r.count}`);
      return parts.join(';');
    });
  const date = (offset: number) => DateTime.fromISO('2016-01-01', { zone: 'utc' }).plus({ days: offset }).toISODate()!;

  it('gives the dates rrule.js gives, for any rule, start and window', () => {
    fc.assert(
      fc.property(
        ruleText,
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3400 }),
        fc.integer({ min: 0, max: 70 }),
        (text, startOffset, windowOffset, span) => {
          const r = recurrence(text, date(startOffset));
          const from = date(windowOffset);
          const to = date(windowOffset + span);
          // rrule.js only terminates when a candidate follows the window: skip rules too sparse for it.
          const sparse =
            r.rule.count === null
              ? occurrenceDates(r, to, date(windowOffset + span + 3 * 366)).length === 0
              : occurrenceDates(r, r.validFrom, '2199-12-31').length < r.rule.count;
          if (sparse) return;
          const oracle = new RRule({ ...RRule.parseString(text), dtstart: new Date(`${r.validFrom}T00:00:00Z`) }, true)
            .between(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`), true)
            .map((d) => d.toISOString().slice(0, 10));
          // rrule.js repeats a date that two BYSETPOS positions pick; RFC 5545 occurrences are a set.
          expect(occurrenceDates(r, from, to)).toEqual([...new Set(oracle)]);
        },
      ),
      { numRuns: 1500, seed: 20261129 },
    );
  });
});

describe('occurrenceWindow', () => {
  it('turns a local date into instants with the zone offset', () => {
    const w = occurrenceWindow('2026-12-01', '06:00', '09:00', 'Asia/Shanghai');
    expect(formatInstant(w.start, 'Asia/Shanghai')).toBe('2026-12-01T06:00:00+08:00');
    expect(formatInstant(w.end, 'Asia/Shanghai')).toBe('2026-12-01T09:00:00+08:00');
  });

  it('ends a night market the next day', () => {
    const w = occurrenceWindow('2026-12-31', '20:00', '02:00', 'Asia/Shanghai');
    expect(formatInstant(w.start, 'Asia/Shanghai')).toBe('2026-12-31T20:00:00+08:00');
    expect(formatInstant(w.end, 'Asia/Shanghai')).toBe('2027-01-01T02:00:00+08:00');
  });

  it('lasts 24 hours when end equals start', () => {
    const w = occurrenceWindow('2026-12-01', '06:00', '06:00', 'Asia/Shanghai');
    expect((w.end - w.start) / 3_600_000).toBe(24);
  });

  it('keeps 06:00 local across the daylight-saving changes (Europe/Berlin)', () => {
    const r = recurrence('FREQ=DAILY', '2027-03-26');
    const march = occurrenceDates(r, '2027-03-27', '2027-03-29').map((date) =>
      formatInstant(occurrenceWindow(date, '06:00', '09:00', 'Europe/Berlin').start, 'Europe/Berlin'),
    );
    // Summer time begins on 2027-03-28 at 02:00.
    expect(march).toEqual(['2027-03-27T06:00:00+01:00', '2027-03-28T06:00:00+02:00', '2027-03-29T06:00:00+02:00']);
    const october = occurrenceDates(r, '2027-10-30', '2027-11-01').map((date) =>
      formatInstant(occurrenceWindow(date, '06:00', '09:00', 'Europe/Berlin').start, 'Europe/Berlin'),
    );
    // Summer time ends on 2027-10-31 at 03:00.
    expect(october).toEqual(['2027-10-30T06:00:00+02:00', '2027-10-31T06:00:00+01:00', '2027-11-01T06:00:00+01:00']);
  });

  it('makes a night market across the October change last one hour longer in real time', () => {
    const w = occurrenceWindow('2027-10-30', '22:00', '06:00', 'Europe/Berlin');
    expect(formatInstant(w.end, 'Europe/Berlin')).toBe('2027-10-31T06:00:00+01:00');
    expect((w.end - w.start) / 3_600_000).toBe(9);
  });

  it('never ends before it starts when the start falls in the spring-forward gap', () => {
    const w = occurrenceWindow('2027-03-28', '02:30', '03:00', 'Europe/Berlin');
    expect(formatInstant(w.start, 'Europe/Berlin')).toBe('2027-03-28T03:30:00+02:00');
    expect(formatInstant(w.end, 'Europe/Berlin')).toBe('2027-03-28T04:00:00+02:00');
  });

  it('does not depend on the process time zone', () => {
    // The test script runs this file under TZ=UTC, Pacific/Apia and America/Los_Angeles.
    const r = recurrence('FREQ=MONTHLY;BYDAY=-1SU', '2026-01-01');
    const starts = occurrenceDates(r, '2026-01-01', '2026-12-31').map((date) =>
      formatInstant(occurrenceWindow(date, '06:00', '09:00', 'Europe/Berlin').start, 'Europe/Berlin'),
    );
    expect(starts).toEqual([
      '2026-01-25T06:00:00+01:00',
      '2026-02-22T06:00:00+01:00',
      '2026-03-29T06:00:00+02:00',
      '2026-04-26T06:00:00+02:00',
      '2026-05-31T06:00:00+02:00',
      '2026-06-28T06:00:00+02:00',
      '2026-07-26T06:00:00+02:00',
      '2026-08-30T06:00:00+02:00',
      '2026-09-27T06:00:00+02:00',
      '2026-10-25T06:00:00+01:00',
      '2026-11-29T06:00:00+01:00',
      '2026-12-27T06:00:00+01:00',
    ]);
  });
});

describe('local time against luxon (property)', () => {
  const zones = [
    'Asia/Shanghai',
    'Europe/Berlin',
    'America/New_York',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Apia',
    'America/St_Johns',
  ];
  const date = fc
    .integer({ min: 0, max: 12 * 366 })
    .map((d) => DateTime.fromISO('2020-01-01', { zone: 'utc' }).plus({ days: d }).toISODate()!);
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

  /** A wall time that happens twice; luxon resolves it by today's offset, so it is compared separately. */
  const repeated = (day: string, at: string, zone: string) => {
    const local = DateTime.fromISO(`${day}T${at}`, { zone });
    return local.getPossibleOffsets().length > 1;
  };

  it('turns wall times into the instants luxon gives, gaps included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), date, time, (zone, day, at) => {
        fc.pre(!repeated(day, at, zone));
        const expected = DateTime.fromISO(`${day}T${at}`, { zone });
        const instant = localToInstant(day, at, zone);
        expect(instant).toBe(expected.toMillis());
        expect(formatInstant(instant, zone)).toBe(expected.toISO({ suppressMilliseconds: true }));
      }),
      { numRuns: 5000, seed: 1129 },
    );
  });

  it('hits the transition days themselves', () => {
    for (const [zone, day] of [
      ['Europe/Berlin', '2027-03-28'],
      ['Europe/Berlin', '2027-10-31'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Australia/Lord_Howe', '2026-04-05'],
    ]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const at = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const instant = localToInstant(day, at, zone);
        if (repeated(day, at, zone)) {
          // The repeated hour: the earlier of its two instants.
          const earliest = Math.min(
            ...DateTime.fromISO(`${day}T${at}`, { zone })
              .getPossibleOffsets()
              .map((d) => d.toMillis()),
          );
          expect([zone, day, at, instant]).toEqual([zone, day, at, earliest]);
        } else {
          expect([zone, day, at, instant]).toEqual([zone, day, at, DateTime.fromISO(`${day}T${at}`, { zone }).toMillis()]);
        }
      }
    }
  });
});

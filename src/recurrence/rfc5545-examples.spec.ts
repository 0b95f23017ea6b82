import { runDates, windowOn } from '../sessions/occurrences.js';
import type { SessionTiming } from '../sessions/session.js';
import { addDays } from './calendar.js';
import { parseRule, RecurrenceError } from './rule.js';

/**
 * The examples of RFC 5545 §3.8.5.3 ("Recurrence Rule", pages 123–131), run
 * through the service's expansion. "All examples assume the Eastern United
 * States time zone": each example's DTSTART;TZID=America/New_York date is the
 * session's validFrom, its time (09:00) the startTime, endTime an hour later.
 *
 * The expected occurrences are the RFC's own lines, copied in its notation
 * ("(1997 9:00 AM EDT) September 2-30;October 1-25") and read by `listed`
 * below: the dates, and the offset each start has (EDT -04:00, EST -05:00),
 * which checks the 1997–2007 New York offsets as well. An RFC list that ends
 * in "..." is a rule without end: it is compared over the dates from validFrom
 * to the last date listed; any other list is the whole recurrence set.
 *
 * The service's API only takes dates in 2000–2199; these pure functions take
 * the RFC's 1996–1999 dates as they are.
 *
 * DTSTART vs validFrom: in RFC 5545 DTSTART is always the first instance, even
 * when the rule does not match it; here validFrom is an occurrence only when
 * the rule matches it. In every example below that the service supports,
 * DTSTART matches its rule, except "Every Friday the 13th", where the RFC
 * itself removes DTSTART with an EXDATE, so no listed date differs.
 */

const ZONE = 'America/New_York';
const OFFSETS: Record<string, string> = { EDT: '-04:00', EST: '-05:00' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Listing {
  /** Local dates, in the RFC's order. */
  dates: string[];
  /** The start of each, as the service formats it: `1997-09-02T09:00:00-04:00`. */
  starts: string[];
  /** The RFC's list ends in "...": the rule goes on past its last listed date. */
  open: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Reads the RFC's notation for the occurrences of an example, one string per
 * line: `(YEAR [9:00 AM] EDT|EST) Month d,d-d,d...d;Month …`; a line without
 * the parenthesis goes on with the year and zone of the line before. "2-30" is
 * every day from 2 to 30; "8...24" after "6,8" goes on in steps of 2 up to 24;
 * a trailing "..." (a line of its own, "1,3,..." or "13...") means "and so on".
 */
function listed(...lines: string[]): Listing {
  const listing: Listing = { dates: [], starts: [], open: false };
  let year = '';
  let abbreviation = '';
  for (const line of lines.map((l) => l.trim())) {
    if (line === '...') {
      listing.open = true;
      continue;
    }
    // A line without "(YEAR … ZONE)" goes on with the previous one's.
    const head = /^\((\d{4})(?: 9:00 AM)? (EDT|EST)\)\s*(.+)$/.exec(line);
    if (head) [, year, abbreviation] = head;
    else if (year === '') throw new Error(`not an RFC occurrence line: ${line}`);
    const rest = head ? head[3] : line;
    for (const segment of rest.split(';').map((s) => s.trim())) {
      if (segment === '') continue;
      const monthMatch = /^([A-Z][a-z]+) (.+)$/.exec(segment);
      const month = monthMatch ? MONTHS.indexOf(monthMatch[1]) + 1 : 0;
      if (!monthMatch || month === 0) throw new Error(`not "Month days": ${segment}`);
      const days: number[] = [];
      for (const item of monthMatch[2].split(',').map((s) => s.trim())) {
        let m: RegExpExecArray | null;
        if (item === '...' || item === '') {
          listing.open = true;
        } else if ((m = /^(\d+)-(\d+)$/.exec(item))) {
          for (let d = Number(m[1]); d <= Number(m[2]); d++) days.push(d);
        } else if ((m = /^(\d+)\.\.\.(\d+)$/.exec(item))) {
          const from = Number(m[1]);
          const step = from - days[days.length - 1];
          if (!(step > 0)) throw new Error(`no step before ${item} in ${segment}`);
          for (let d = from; d <= Number(m[2]); d += step) days.push(d);
        } else if ((m = /^(\d+)\.\.\.$/.exec(item))) {
          days.push(Number(m[1]));
          listing.open = true;
        } else if (/^\d+$/.test(item)) {
          days.push(Number(item));
        } else {
          throw new Error(`not a day list item: ${item} in ${segment}`);
        }
      }
      for (const day of days) {
        const date = `${year}-${pad(month)}-${pad(day)}`;
        listing.dates.push(date);
        listing.starts.push(`${date}T09:00:00${OFFSETS[abbreviation]}`);
      }
    }
  }
  return listing;
}

/** An RFC example: DTSTART;TZID=America/New_York:<dtstart>, RRULE:<rrule>. */
function timingOf(dtstart: string, rrule: string): SessionTiming {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})00$/.exec(dtstart);
  if (!match) throw new Error(`not a DTSTART: ${dtstart}`);
  const [, y, mo, d, h, mi] = match;
  return {
    startTime: `${h}:${mi}`,
    endTime: `${pad(Number(h) + 1)}:${mi}`,
    rrule,
    validFrom: `${y}-${mo}-${d}`,
    validUntil: null,
  };
}

/** Before every DTSTART below: the window asked for starts well before validFrom. */
const EARLY = '1990-01-01';
/** The last date the service speaks of: a finite RFC list must be the whole set up to here. */
const LATE = '2199-12-31';

function checkExample(dtstart: string, rrule: string, listing: Listing): void {
  const timing = timingOf(dtstart, rrule);
  // "for 10 occurrences": the transcription holds as many dates as the rule's COUNT.
  const count = parseRule(rrule).count;
  if (count !== null) expect(listing.dates).toHaveLength(count);
  const to = listing.open ? listing.dates[listing.dates.length - 1] : LATE;
  const dates = runDates(timing, ZONE, EARLY, to);
  expect(dates).toEqual(listing.dates);
  expect(dates.map((date) => windowOn(timing, ZONE, date).startIso)).toEqual(listing.starts);

  // A UTC UNTIL bounds starts: the last listed run starts at or before it, and
  // the run the rule would give next (without UNTIL) starts after it.
  const untilInstant = parseRule(rrule).untilInstant;
  if (untilInstant !== null) {
    const last = dates[dates.length - 1];
    expect(windowOn(timing, ZONE, last).start).toBeLessThanOrEqual(untilInstant);
    const unbounded = {
      ...timing,
      rrule: rrule
        .split(';')
        .filter((part) => !part.startsWith('UNTIL='))
        .join(';'),
    };
    const [next] = runDates(unbounded, ZONE, addDays(last, 1), addDays(last, 400));
    expect(next).toBeDefined();
    expect(windowOn(unbounded, ZONE, next).start).toBeGreaterThan(untilInstant);
  }
}

/** [RFC heading, DTSTART, RRULE value (folded lines joined), the RFC's occurrence lines]. */
type Example = [string, string, string, string[]];

const SUPPORTED: Example[] = [
  ['Daily for 10 occurrences', '19970902T090000', 'FREQ=DAILY;COUNT=10', ['(1997 9:00 AM EDT) September 2-11']],
  [
    'Daily until December 24, 1997',
    '19970902T090000',
    'FREQ=DAILY;UNTIL=19971224T000000Z',
    ['(1997 9:00 AM EDT) September 2-30;October 1-25', '(1997 9:00 AM EST) October 26-31;November 1-30;December 1-23'],
  ],
  [
    'Every other day - forever',
    '19970902T090000',
    'FREQ=DAILY;INTERVAL=2',
    [
      '(1997 9:00 AM EDT) September 2,4,6,8...24,26,28,30;',
      '                   October 2,4,6...20,22,24',
      '(1997 9:00 AM EST) October 26,28,30;',
      '                   November 1,3,5,7...25,27,29;',
      '                   December 1,3,...',
    ],
  ],
  [
    'Every 10 days, 5 occurrences',
    '19970902T090000',
    'FREQ=DAILY;INTERVAL=10;COUNT=5',
    ['(1997 9:00 AM EDT) September 2,12,22;', '                   October 2,12'],
  ],
  [
    'Every day in January, for 3 years (FREQ=YEARLY form)',
    '19980101T090000',
    'FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
    ['(1998 9:00 AM EST)January 1-31', '(1999 9:00 AM EST)January 1-31', '(2000 9:00 AM EST)January 1-31'],
  ],
  [
    'Every day in January, for 3 years (FREQ=DAILY form)',
    '19980101T090000',
    'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1',
    ['(1998 9:00 AM EST)January 1-31', '(1999 9:00 AM EST)January 1-31', '(2000 9:00 AM EST)January 1-31'],
  ],
  [
    'Weekly for 10 occurrences',
    '19970902T090000',
    'FREQ=WEEKLY;COUNT=10',
    ['(1997 9:00 AM EDT) September 2,9,16,23,30;October 7,14,21', '(1997 9:00 AM EST) October 28;November 4'],
  ],
  [
    'Weekly until December 24, 1997',
    '19970902T090000',
    'FREQ=WEEKLY;UNTIL=19971224T000000Z',
    [
      '(1997 9:00 AM EDT) September 2,9,16,23,30;',
      '                   October 7,14,21',
      '(1997 9:00 AM EST) October 28;',
      '                   November 4,11,18,25;',
      '                   December 2,9,16,23',
    ],
  ],
  [
    'Every other week - forever',
    '19970902T090000',
    'FREQ=WEEKLY;INTERVAL=2;WKST=SU',
    [
      '(1997 9:00 AM EDT) September 2,16,30;',
      '                   October 14',
      '(1997 9:00 AM EST) October 28;',
      '                   November 11,25;',
      '                   December 9,23',
      '(1998 9:00 AM EST) January 6,20;',
      '                   February 3, 17',
      '...',
    ],
  ],
  [
    'Weekly on Tuesday and Thursday for five weeks (UNTIL form)',
    '19970902T090000',
    'FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH',
    ['(1997 9:00 AM EDT) September 2,4,9,11,16,18,23,25,30;', '                   October 2'],
  ],
  [
    'Weekly on Tuesday and Thursday for five weeks (COUNT form)',
    '19970902T090000',
    'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH',
    ['(1997 9:00 AM EDT) September 2,4,9,11,16,18,23,25,30;', '                   October 2'],
  ],
  [
    'Every other week on Monday, Wednesday, and Friday until December 24, 1997, starting on Monday, September 1, 1997',
    '19970901T090000',
    'FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR',
    [
      '(1997 9:00 AM EDT) September 1,3,5,15,17,19,29;',
      '                   October 1,3,13,15,17',
      '(1997 9:00 AM EST) October 27,29,31;',
      '                   November 10,12,14,24,26,28;',
      '                   December 8,10,12,22',
    ],
  ],
  [
    'Every other week on Tuesday and Thursday, for 8 occurrences',
    '19970902T090000',
    'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH',
    ['(1997 9:00 AM EDT) September 2,4,16,18,30;', '                   October 2,14,16'],
  ],
  [
    'Monthly on the first Friday for 10 occurrences',
    '19970905T090000',
    'FREQ=MONTHLY;COUNT=10;BYDAY=1FR',
    [
      '(1997 9:00 AM EDT) September 5;October 3',
      '(1997 9:00 AM EST) November 7;December 5',
      '(1998 9:00 AM EST) January 2;February 6;March 6;April 3',
      '(1998 9:00 AM EDT) May 1;June 5',
    ],
  ],
  [
    'Monthly on the first Friday until December 24, 1997',
    '19970905T090000',
    'FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR',
    ['(1997 9:00 AM EDT) September 5; October 3', '(1997 9:00 AM EST) November 7; December 5'],
  ],
  [
    'Every other month on the first and last Sunday of the month for 10 occurrences',
    '19970907T090000',
    'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU',
    [
      '(1997 9:00 AM EDT) September 7,28',
      '(1997 9:00 AM EST) November 2,30',
      '(1998 9:00 AM EST) January 4,25;March 1,29',
      '(1998 9:00 AM EDT) May 3,31',
    ],
  ],
  [
    'Monthly on the second-to-last Monday of the month for 6 months',
    '19970922T090000',
    'FREQ=MONTHLY;COUNT=6;BYDAY=-2MO',
    [
      '(1997 9:00 AM EDT) September 22;October 20',
      '(1997 9:00 AM EST) November 17;December 22',
      '(1998 9:00 AM EST) January 19;February 16',
    ],
  ],
  [
    'Monthly on the third-to-the-last day of the month, forever',
    '19970928T090000',
    'FREQ=MONTHLY;BYMONTHDAY=-3',
    [
      '(1997 9:00 AM EDT) September 28',
      '(1997 9:00 AM EST) October 29;November 28;December 29',
      '(1998 9:00 AM EST) January 29;February 26',
      '...',
    ],
  ],
  [
    'Monthly on the 2nd and 15th of the month for 10 occurrences',
    '19970902T090000',
    'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15',
    ['(1997 9:00 AM EDT) September 2,15;October 2,15', '(1997 9:00 AM EST) November 2,15;December 2,15', '(1998 9:00 AM EST) January 2,15'],
  ],
  [
    'Monthly on the first and last day of the month for 10 occurrences',
    '19970930T090000',
    'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1',
    [
      '(1997 9:00 AM EDT) September 30;October 1',
      '(1997 9:00 AM EST) October 31;November 1,30;December 1,31',
      '(1998 9:00 AM EST) January 1,31;February 1',
    ],
  ],
  [
    'Every 18 months on the 10th thru 15th of the month for 10 occurrences',
    '19970910T090000',
    'FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15',
    ['(1997 9:00 AM EDT) September 10,11,12,13,14,15', '(1999 9:00 AM EST) March 10,11,12,13'],
  ],
  [
    'Every Tuesday, every other month',
    '19970902T090000',
    'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU',
    [
      '(1997 9:00 AM EDT) September 2,9,16,23,30',
      '(1997 9:00 AM EST) November 4,11,18,25',
      '(1998 9:00 AM EST) January 6,13,20,27;March 3,10,17,24,31',
      '...',
    ],
  ],
  [
    'Yearly in June and July for 10 occurrences',
    '19970610T090000',
    'FREQ=YEARLY;COUNT=10;BYMONTH=6,7',
    [
      '(1997 9:00 AM EDT) June 10;July 10',
      '(1998 9:00 AM EDT) June 10;July 10',
      '(1999 9:00 AM EDT) June 10;July 10',
      '(2000 9:00 AM EDT) June 10;July 10',
      '(2001 9:00 AM EDT) June 10;July 10',
    ],
  ],
  [
    'Every other year on January, February, and March for 10 occurrences',
    '19970310T090000',
    'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3',
    [
      '(1997 9:00 AM EST) March 10',
      '(1999 9:00 AM EST) January 10;February 10;March 10',
      '(2001 9:00 AM EST) January 10;February 10;March 10',
      '(2003 9:00 AM EST) January 10;February 10;March 10',
    ],
  ],
  [
    'Every third year on the 1st, 100th, and 200th day for 10 occurrences',
    '19970101T090000',
    'FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200',
    [
      '(1997 9:00 AM EST) January 1',
      '(1997 9:00 AM EDT) April 10;July 19',
      '(2000 9:00 AM EST) January 1',
      '(2000 9:00 AM EDT) April 9;July 18',
      '(2003 9:00 AM EST) January 1',
      '(2003 9:00 AM EDT) April 10;July 19',
      '(2006 9:00 AM EST) January 1',
    ],
  ],
  [
    'Every 20th Monday of the year, forever',
    '19970519T090000',
    'FREQ=YEARLY;BYDAY=20MO',
    ['(1997 9:00 AM EDT) May 19', '(1998 9:00 AM EDT) May 18', '(1999 9:00 AM EDT) May 17', '...'],
  ],
  [
    'Every Thursday in March, forever',
    '19970313T090000',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=TH',
    ['(1997 9:00 AM EST) March 13,20,27', '(1998 9:00 AM EST) March 5,12,19,26', '(1999 9:00 AM EST) March 4,11,18,25', '...'],
  ],
  [
    'Every Thursday, but only during June, July, and August, forever',
    '19970605T090000',
    'FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8',
    [
      '(1997 9:00 AM EDT) June 5,12,19,26;July 3,10,17,24,31;',
      '                   August 7,14,21,28',
      '(1998 9:00 AM EDT) June 4,11,18,25;July 2,9,16,23,30;',
      '                   August 6,13,20,27',
      '(1999 9:00 AM EDT) June 3,10,17,24;July 1,8,15,22,29;',
      '                   August 5,12,19,26',
      '...',
    ],
  ],
  [
    // DTSTART (Tuesday 1997-09-02) does not match the rule. The RFC counts it as
    // the first instance and removes it with EXDATE;TZID=America/New_York:19970902T090000;
    // the service never counts a validFrom the rule does not match: the same dates.
    'Every Friday the 13th, forever',
    '19970902T090000',
    'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    ['(1998 9:00 AM EST) February 13;March 13;November 13', '(1999 9:00 AM EDT) August 13', '(2000 9:00 AM EDT) October 13', '...'],
  ],
  [
    'The first Saturday that follows the first Sunday of the month, forever',
    '19970913T090000',
    'FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13',
    [
      '(1997 9:00 AM EDT) September 13;October 11',
      '(1997 9:00 AM EST) November 8;December 13',
      '(1998 9:00 AM EST) January 10;February 7;March 7',
      '(1998 9:00 AM EDT) April 11;May 9;June 13...',
      '...',
    ],
  ],
  [
    'Every 4 years, the first Tuesday after a Monday in November, forever (U.S. Presidential Election day)',
    '19961105T090000',
    'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
    ['(1996 9:00 AM EST) November 5', '(2000 9:00 AM EST) November 7', '(2004 9:00 AM EST) November 2', '...'],
  ],
  [
    'The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months',
    '19970904T090000',
    'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
    ['(1997 9:00 AM EDT) September 4;October 7', '(1997 9:00 AM EST) November 6'],
  ],
  [
    'The second-to-last weekday of the month',
    '19970929T090000',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2',
    [
      '(1997 9:00 AM EDT) September 29',
      '(1997 9:00 AM EST) October 30;November 27;December 30',
      '(1998 9:00 AM EST) January 29;February 26;March 30',
      '...',
    ],
  ],
  [
    'An example where the days generated makes a difference because of WKST (WKST=MO)',
    '19970805T090000',
    'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO',
    ['(1997 EDT) August 5,10,19,24'],
  ],
  [
    'An example where the days generated makes a difference because of WKST (changing only WKST from MO to SU)',
    '19970805T090000',
    'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
    ['(1997 EDT) August 5,17,19,31'],
  ],
  [
    'An example where an invalid date (i.e., February 30) is ignored',
    '20070115T090000',
    'FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5',
    ['(2007 EST) January 15,30', '(2007 EST) February 15', '(2007 EDT) March 15,30'],
  ],
];

/** [RFC heading, DTSTART, RRULE value, why the service refuses it]. */
const REFUSED: [string, string, string, string][] = [
  [
    'Monday of week number 20 (where the default start of the week is Monday), forever',
    '19970512T090000',
    'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
    'BYWEEKNO is not supported',
  ],
  [
    'Every 3 hours from 9:00 AM to 5:00 PM on a specific day',
    '19970902T090000',
    'FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z',
    'FREQ must be',
  ],
  ['Every 15 minutes for 6 occurrences', '19970902T090000', 'FREQ=MINUTELY;INTERVAL=15;COUNT=6', 'FREQ must be'],
  ['Every hour and a half for 4 occurrences', '19970902T090000', 'FREQ=MINUTELY;INTERVAL=90;COUNT=4', 'FREQ must be'],
  [
    'Every 20 minutes from 9:00 AM to 4:40 PM every day (FREQ=DAILY form)',
    '19970902T090000',
    'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40',
    'BYHOUR is not allowed',
  ],
  [
    'Every 20 minutes from 9:00 AM to 4:40 PM every day (FREQ=MINUTELY form)',
    '19970902T090000',
    'FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16',
    'FREQ must be',
  ],
];

describe('RFC 5545 §3.8.5.3 examples (America/New_York, DTSTART as validFrom and startTime)', () => {
  it.each(SUPPORTED)('%s', (_title, dtstart, rrule, lines) => {
    checkExample(dtstart, rrule, listed(...lines));
  });

  it('includes a run that starts exactly at a UTC UNTIL (Every day in January: UNTIL=20000131T140000Z is 09:00 EST)', () => {
    const timing = timingOf('19980101T090000', 'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1');
    expect(windowOn(timing, ZONE, '2000-01-31').start).toBe(Date.parse('2000-01-31T14:00:00Z'));
    expect(runDates(timing, ZONE, '2000-01-30', '2000-02-29')).toEqual(['2000-01-30', '2000-01-31']);
    // One second earlier and 2000-01-31 no longer runs.
    const earlier = { ...timing, rrule: 'FREQ=DAILY;UNTIL=20000131T135959Z;BYMONTH=1' };
    expect(runDates(earlier, ZONE, '2000-01-30', '2000-02-29')).toEqual(['2000-01-30']);
  });

  it.each(REFUSED)('refuses on purpose: %s', (_title, dtstart, rrule, message) => {
    expect(() => parseRule(rrule)).toThrow(RecurrenceError);
    expect(() => parseRule(rrule)).toThrow(message);
    expect(() => runDates(timingOf(dtstart, rrule), ZONE, '1997-01-01', '1999-12-31')).toThrow(RecurrenceError);
  });
});

describe('the RFC notation reader used above', () => {
  it('reads ranges, steps and open ends as the RFC writes them', () => {
    expect(listed('(1997 9:00 AM EDT) September 28-30;October 1', '(1997 9:00 AM EST) October 26,28...30;', '  November 1,3,...')).toEqual({
      dates: ['1997-09-28', '1997-09-29', '1997-09-30', '1997-10-01', '1997-10-26', '1997-10-28', '1997-10-30', '1997-11-01', '1997-11-03'],
      starts: [
        '1997-09-28T09:00:00-04:00',
        '1997-09-29T09:00:00-04:00',
        '1997-09-30T09:00:00-04:00',
        '1997-10-01T09:00:00-04:00',
        '1997-10-26T09:00:00-05:00',
        '1997-10-28T09:00:00-05:00',
        '1997-10-30T09:00:00-05:00',
        '1997-11-01T09:00:00-05:00',
        '1997-11-03T09:00:00-05:00',
      ],
      open: true,
    });
    expect(listed('(2007 EST) January 15,30').open).toBe(false);
    expect(() => listed('September 2')).toThrow('not an RFC occurrence line');
  });
});

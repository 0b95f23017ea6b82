import { addDays, dateAtOffsetOf, dateInZone, distance, groupBy, relativeDay, summarizeRule, wallClock, weekday } from './format.js';

describe('formatting for the web faces', () => {
  it("reads an instant's wall clock in the zone from its own text, whatever the browser's time zone", () => {
    expect(wallClock('2026-12-01T18:00:00+08:00')).toEqual({ date: '2026-12-01', time: '18:00' });
    expect(wallClock('2026-10-25T01:30:00+01:00')).toEqual({ date: '2026-10-25', time: '01:30' });
    expect(() => wallClock('18:00')).toThrow('not an instant');
  });

  it("gives a zone's local date at an instant, across the date line and daylight saving", () => {
    const at = new Date('2026-12-01T17:30:00Z');
    expect(dateInZone('Asia/Shanghai', at)).toBe('2026-12-02');
    expect(dateInZone('America/Los_Angeles', at)).toBe('2026-12-01');
    expect(dateInZone('Pacific/Apia', new Date('2026-12-01T10:30:00Z'))).toBe('2026-12-01');
    expect(dateInZone('Europe/Berlin', new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
  });

  it('counts calendar days and names weekdays of local dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekday('2026-11-30')).toBe(1); // a Monday
    expect(weekday('2026-12-06')).toBe(0);
    expect(relativeDay('2026-12-01', '2026-12-01')).toBe('today');
    expect(relativeDay('2027-01-01', '2026-12-31')).toBe('tomorrow');
    expect(relativeDay('2026-12-03', '2026-12-01')).toBeNull();
  });

  it('writes distances in metres under a kilometre, else kilometres', () => {
    expect(distance(0)).toEqual({ unit: 'm', value: '10' });
    expect(distance(114)).toEqual({ unit: 'm', value: '110' });
    expect(distance(999)).toEqual({ unit: 'm', value: '1000' });
    expect(distance(1000)).toEqual({ unit: 'km', value: '1.0' });
    expect(distance(14_260)).toEqual({ unit: 'km', value: '14.3' });
  });

  it('puts the common rules in words and shows the others as they are', () => {
    expect(summarizeRule('FREQ=DAILY')).toEqual({ kind: 'daily' });
    expect(summarizeRule('FREQ=DAILY;INTERVAL=1')).toEqual({ kind: 'daily' });
    expect(summarizeRule('FREQ=WEEKLY;BYDAY=SU,SA,MO')).toEqual({ kind: 'weekly', days: [1, 6, 0] });
    expect(summarizeRule('FREQ=WEEKLY')).toEqual({ kind: 'weekly', days: [] });
    expect(summarizeRule('FREQ=MONTHLY')).toEqual({ kind: 'monthly' });
    expect(summarizeRule('FREQ=DAILY;INTERVAL=2')).toEqual({ kind: 'other', rule: 'FREQ=DAILY;INTERVAL=2' });
    expect(summarizeRule('FREQ=WEEKLY;BYDAY=1MO')).toEqual({ kind: 'other', rule: 'FREQ=WEEKLY;BYDAY=1MO' });
    expect(summarizeRule('FREQ=MONTHLY;BYMONTHDAY=1,15')).toEqual({ kind: 'other', rule: 'FREQ=MONTHLY;BYMONTHDAY=1,15' });
  });

  it('groups a schedule by date, keeping its order', () => {
    const runs = [
      { date: '2026-12-01', name: 'morning' },
      { date: '2026-12-01', name: 'evening' },
      { date: '2026-12-02', name: 'morning' },
    ];
    expect(groupBy(runs, (run) => run.date)).toEqual([
      { key: '2026-12-01', items: [runs[0], runs[1]] },
      { key: '2026-12-02', items: [runs[2]] },
    ]);
  });
});

describe('dateAtOffsetOf', () => {
  it('reads the date at the offset an instant was written in', () => {
    const at = new Date('2026-12-02T16:07:00Z');
    expect(dateAtOffsetOf('2026-12-03T07:30:00+08:00', at)).toBe('2026-12-03');
    expect(dateAtOffsetOf('2026-12-03T07:30:00+04:00', at)).toBe('2026-12-02');
    expect(dateAtOffsetOf('2026-12-02T07:30:00-10:00', at)).toBe('2026-12-02');
    expect(dateAtOffsetOf('2026-12-02T07:30:00Z', at)).toBe('2026-12-02');
  });
});

import { readFileSync } from 'node:fs';
import { buildRule, defaultFields, nextOccurrences, readRule, ruleToChinese, ruleToEnglish, RuleProblem } from './recurrence.js';

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
const zh = { ...json('../../../shared/i18n/zh-CN.json'), ...json('../../i18n/market.zh-CN.json') };
/** vue-i18n's t over the Chinese files, enough for named placeholders. */
const t = (key: string, values: Record<string, unknown> = {}): string => {
  const message = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], zh);
  if (typeof message !== 'string') throw new Error(`no message ${key}`);
  return message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
};

const base = { validFrom: '2026-12-01', startTime: '06:00', endTime: '09:00', timezone: 'Asia/Shanghai', from: '2026-12-01' };
const dates = (rule: string, extra: Partial<typeof base> & { validUntil?: string } = {}) =>
  nextOccurrences({ ...base, ...extra, rule }).map((o) => o.date);

describe("the session editor's rules", () => {
  it('builds a rule from the fields and reads it back', () => {
    const fields = {
      ...defaultFields(),
      freq: 'WEEKLY' as const,
      interval: 2,
      days: ['SU' as const, 'SA' as const],
      end: 'count' as const,
      count: 8,
    };
    expect(buildRule(fields)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;COUNT=8');
    expect(readRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;COUNT=8')).toEqual({ ...fields, days: ['SA', 'SU'] });
    expect(buildRule({ ...defaultFields(), end: 'until', until: '2027-01-31' })).toBe('FREQ=DAILY;UNTIL=20270131');
    expect(readRule('FREQ=MONTHLY;BYDAY=1SA')).toBeNull();
    expect(readRule('FREQ=DAILY;UNTIL=20261202T220000Z')).toBeNull();
  });

  it('lists the next ten runs from validFrom as local dates and times, whatever the browser zone', () => {
    const daily = nextOccurrences({ ...base, rule: 'FREQ=DAILY' });
    expect(daily).toHaveLength(10);
    expect(daily[0]).toEqual({ date: '2026-12-01', startTime: '06:00', endDate: '2026-12-01', endTime: '09:00' });
    expect(daily[9].date).toBe('2026-12-10');
    // 2026-12-01 is a Tuesday: validFrom is a run only when the rule matches it.
    expect(dates('FREQ=WEEKLY;BYDAY=SA,SU').slice(0, 4)).toEqual(['2026-12-05', '2026-12-06', '2026-12-12', '2026-12-13']);
    expect(dates('FREQ=WEEKLY;INTERVAL=2').slice(0, 3)).toEqual(['2026-12-01', '2026-12-15', '2026-12-29']);
  });

  it('starts at the zone’s today, counting COUNT and INTERVAL from validFrom', () => {
    expect(dates('FREQ=DAILY;COUNT=3', { from: '2026-12-02' })).toEqual(['2026-12-02', '2026-12-03']);
    expect(dates('FREQ=DAILY;INTERVAL=3', { from: '2026-12-05' }).slice(0, 2)).toEqual(['2026-12-07', '2026-12-10']);
  });

  it('includes the whole UNTIL date, an UNTIL instant up to that instant in the zone, and validUntil inclusive', () => {
    expect(dates('FREQ=DAILY;UNTIL=20261203')).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    // 22:00 UTC on the 2nd is 06:00 on the 3rd in Shanghai: the run starting then is in.
    expect(dates('FREQ=DAILY;UNTIL=20261202T220000Z')).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(dates('FREQ=DAILY;UNTIL=20261202T215959Z')).toEqual(['2026-12-01', '2026-12-02']);
    expect(dates('FREQ=DAILY', { validUntil: '2026-12-02' })).toEqual(['2026-12-01', '2026-12-02']);
    expect(dates('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')).toEqual([]);
  });

  it('ends a night session the next day', () => {
    const [night] = nextOccurrences({ ...base, rule: 'FREQ=DAILY', startTime: '22:00', endTime: '02:00' });
    expect(night).toEqual({ date: '2026-12-01', startTime: '22:00', endDate: '2026-12-02', endTime: '02:00' });
  });

  it('refuses to preview what the API refuses (time parts, week numbers)', () => {
    expect(() => dates('FREQ=DAILY;BYHOUR=18')).toThrow(RuleProblem);
    expect(() => dates('FREQ=YEARLY;BYWEEKNO=20')).toThrow(RuleProblem);
    expect(() => dates('FREQ=HOURLY')).toThrow(RuleProblem);
    expect(() => dates('nonsense')).toThrow(RuleProblem);
  });

  it('says a rule in Chinese with the shared words where they exist', () => {
    expect(ruleToChinese('FREQ=DAILY', t)).toBe('每天');
    expect(ruleToChinese('FREQ=WEEKLY;BYDAY=SA,SU', t)).toBe('每周周六、周日');
    expect(ruleToChinese('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=8', t)).toBe('每 2 周的周一、周五，共 8 次');
    expect(ruleToChinese('FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270630', t)).toBe('每月的第 1 个周六，到 2027-06-30 为止');
    expect(ruleToChinese('FREQ=MONTHLY;BYMONTHDAY=1,15', t)).toBe('每月的1日、15日');
    expect(ruleToChinese('FREQ=DAILY;BYSETPOS=1', t)).toBeNull();
  });

  it("says it in English with rrule's toText()", () => {
    expect(ruleToEnglish('FREQ=WEEKLY;BYDAY=SA,SU', '2026-12-01', '06:00', 'Asia/Shanghai')).toBe('every week on Saturday, Sunday');
  });
});

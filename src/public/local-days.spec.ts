import { localDate } from '../recurrence/local-time.js';
import { LocalDays } from './local-days.js';

describe('LocalDays', () => {
  it('gives the same date as localDate every quarter hour for weeks, across clock changes and zones', () => {
    const days = new LocalDays();
    const zones = ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Apia', 'America/Havana', 'Asia/Kathmandu', 'UTC'];
    // March and November 2026: DST starts and ends in Los Angeles; Havana changes its clocks at midnight.
    for (const start of [Date.UTC(2026, 2, 1), Date.UTC(2026, 9, 25)]) {
      for (let at = start; at < start + 21 * 86_400_000; at += 15 * 60_000) {
        for (const zone of zones) expect(days.dateOf(at, zone)).toBe(localDate(at, zone));
      }
    }
  });
});

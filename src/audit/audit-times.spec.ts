import { withLocalTimes } from './audit-times.js';

describe('withLocalTimes', () => {
  it('shows the instants of a snapshot with their offset, and leaves the rest as it is', () => {
    const snapshot = {
      id: 'c1',
      date: '2026-12-02',
      createdAt: Date.parse('2026-11-30T02:00:00Z'),
      suspendedUntil: null,
      startAt: Date.parse('2026-12-01T22:00:00Z'),
      version: 3,
      headcount: 2,
      nested: [{ cancelledAt: Date.parse('2026-12-01T00:30:00Z'), count: 1796000000000 }],
    };
    expect(withLocalTimes(snapshot)).toEqual({
      id: 'c1',
      date: '2026-12-02',
      createdAt: '2026-11-30T10:00:00+08:00',
      suspendedUntil: null,
      startAt: '2026-12-02T06:00:00+08:00',
      version: 3,
      headcount: 2,
      nested: [{ cancelledAt: '2026-12-01T08:30:00+08:00', count: 1796000000000 }],
    });
    expect(withLocalTimes({ createdAt: 5 })).toEqual({ createdAt: 5 });
  });
});

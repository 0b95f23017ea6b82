import type { NotificationMessage } from '../common/ports/notifier.js';
import { NOTIFICATION_EVENTS } from '../common/ports/notifier.js';
import { renderMessage } from './messages.js';

const run = { zoneName: '东城潮汐摊区', sessionName: '早市', date: '2026-12-02', stallCode: 'A07' };
const EXAMPLES: NotificationMessage[] = [
  { event: 'vendor.approved', data: {} },
  { event: 'vendor.rejected', data: { reason: '证件照片不清晰' } },
  { event: 'vendor.suspended', data: { reason: '多次占道经营', until: '2026-12-10T00:00:00+08:00' } },
  { event: 'vendor.suspended', data: { reason: '多次占道经营', until: null } },
  { event: 'claim.cancelled_by_market', data: { claimId: 'c', ...run, cause: 'occurrence_cancelled', reason: '暴雨预警' } },
  { event: 'claim.cancelled_by_market', data: { claimId: 'c', ...run, cause: 'closure', reason: '道路施工' } },
  { event: 'offer.made', data: { offerId: 'o', ...run, expiresAt: '2026-12-01T21:30:00+08:00' } },
  { event: 'offer.expiring', data: { offerId: 'o', ...run, expiresAt: '2026-12-01T21:30:00+08:00' } },
  {
    event: 'duty.assigned',
    data: { entryId: 'e', dutyName: '收摊清扫', zoneName: run.zoneName, sessionName: run.sessionName, date: run.date },
  },
  {
    event: 'duty.swap_requested',
    data: {
      swapId: 's',
      entryId: 'e',
      dutyName: '收摊清扫',
      zoneName: run.zoneName,
      sessionName: run.sessionName,
      date: run.date,
      fromName: '张*',
      fromStallCode: 'A03',
    },
  },
  {
    event: 'violation.recorded',
    data: { violationId: 'v', type: 'no_show', zoneName: run.zoneName, occurredAt: '2026-12-01T09:00:00+08:00' },
  },
];

describe('renderMessage', () => {
  it('has an example here for every event', () => {
    expect(new Set(EXAMPLES.map((m) => m.event))).toEqual(new Set(NOTIFICATION_EVENTS));
  });

  it.each(EXAMPLES.map((m) => [m.event, m] as const))('%s: a whole sentence in each language, with its facts', (_event, message) => {
    const { zh, en } = renderMessage(message);
    expect(zh).toMatch(/^【潮汐摊区】/);
    expect(en).toMatch(/^\[Tidal Market\] /);
    for (const text of [zh, en]) expect(text).not.toMatch(/undefined|null|\[object/);
    // Every fact but ids and machine words (cause, type: those are put in words) appears in the text.
    const facts = Object.entries(message.data).filter(([key]) => !/Id$|^cause$|^type$/.test(key));
    for (const [, value] of facts) {
      if (typeof value !== 'string') continue;
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
        // An instant is shown as its local date and time.
        expect(zh).toContain(`${value.slice(0, 10)} ${value.slice(11, 16)}`);
      } else {
        expect(zh).toContain(value);
      }
    }
  });

  it('names the cause of a cancellation in words', () => {
    const base = { claimId: 'c', ...run, reason: '暴雨预警' };
    expect(renderMessage({ event: 'claim.cancelled_by_market', data: { ...base, cause: 'vendor_suspended' } }).zh).toContain(
      '您的资格被暂停',
    );
    expect(renderMessage({ event: 'claim.cancelled_by_market', data: { ...base, cause: 'occurrence_cancelled' } }).en).toContain(
      'the session was called off',
    );
  });
});

import type { NotificationMessage } from '../common/ports/notifier.js';
import type { MessageTexts } from './notification.js';

/** `2026-12-01T06:00:00+08:00` → `2026-12-01 06:00` (the zone's local wall time, as the instant carries it). */
const local = (instant: string) => `${instant.slice(0, 10)} ${instant.slice(11, 16)}`;

const VIOLATION_NAMES: Record<string, MessageTexts> = {
  overtime: { zh: '超时经营', en: 'trading overtime' },
  litter: { zh: '未清理垃圾', en: 'litter left behind' },
  out_of_scope_goods: { zh: '超范围经营', en: 'goods outside the permitted scope' },
  subletting: { zh: '转租摊位', en: 'subletting the stall' },
  unauthorized_spot: { zh: '占用未指定位置', en: 'trading outside the assigned spot' },
  no_show: { zh: '预约未到', en: 'a claimed stall left unused (no-show)' },
  missed_duty: { zh: '未履行值守', en: 'a missed duty turn' },
  other: { zh: '其他违规', en: 'another breach of the market rules' },
};

const CAUSES: Record<string, MessageTexts> = {
  occurrence_cancelled: { zh: '该场次取消', en: 'the session was called off' },
  vendor_suspended: { zh: '您的资格被暂停', en: 'your vendor status is suspended' },
  closure: { zh: '摊区临时关闭', en: 'the area is closed' },
};

/**
 * The text of a message in Chinese and English, complete enough for an SMS
 * gateway to send as it is: what happened, where and when, and what to do.
 * Only the fields of the Notifier port go in; nothing is looked up.
 */
export function renderMessage(message: NotificationMessage): MessageTexts {
  switch (message.event) {
    case 'vendor.approved':
      return {
        zh: '【潮汐摊区】您的摊主登记已通过审核，现在可以预约摊位了。',
        en: '[Tidal Market] Your vendor registration has been approved; you can claim stalls now.',
      };
    case 'vendor.rejected':
      return {
        zh: `【潮汐摊区】您的摊主登记未通过审核。原因：${message.data.reason}`,
        en: `[Tidal Market] Your vendor registration was not approved. Reason: ${message.data.reason}`,
      };
    case 'vendor.suspended': {
      const { reason, until } = message.data;
      return {
        zh: `【潮汐摊区】您的摊主资格已被暂停${until === null ? '（直至另行通知）' : `至${local(until)}`}，期间的预约已取消。原因：${reason}`,
        en: `[Tidal Market] Your vendor status is suspended ${until === null ? 'until further notice' : `until ${local(until)}`}; your claims in that time are cancelled. Reason: ${reason}`,
      };
    }
    case 'claim.cancelled_by_market': {
      const d = message.data;
      const cause = CAUSES[d.cause];
      return {
        zh: `【潮汐摊区】您在${d.zoneName}${d.date}${d.sessionName}的${d.stallCode}号摊位预约已被取消（${cause.zh}）。原因：${d.reason}`,
        en: `[Tidal Market] Your claim of stall ${d.stallCode} at ${d.zoneName}, ${d.sessionName} on ${d.date}, was cancelled (${cause.en}). Reason: ${d.reason}`,
      };
    }
    case 'offer.made': {
      const d = message.data;
      return {
        zh: `【潮汐摊区】候补成功：${d.zoneName}${d.date}${d.sessionName}的${d.stallCode}号摊位为您保留至${local(d.expiresAt)}，请在此之前确认。`,
        en: `[Tidal Market] A stall is free for you: ${d.stallCode} at ${d.zoneName}, ${d.sessionName} on ${d.date}, held until ${local(d.expiresAt)}. Accept it before then.`,
      };
    }
    case 'offer.expiring': {
      const d = message.data;
      return {
        zh: `【潮汐摊区】提醒：为您保留的${d.zoneName}${d.date}${d.sessionName}的${d.stallCode}号摊位将于${local(d.expiresAt)}失效，请尽快确认。`,
        en: `[Tidal Market] Reminder: stall ${d.stallCode} at ${d.zoneName}, ${d.sessionName} on ${d.date}, is held for you only until ${local(d.expiresAt)}.`,
      };
    }
    case 'duty.assigned': {
      const d = message.data;
      return {
        zh: `【潮汐摊区】${d.date}${d.zoneName}${d.sessionName}轮到您值守：${d.dutyName}。如需换班，请在应用中申请。`,
        en: `[Tidal Market] Your duty turn: ${d.dutyName} at ${d.zoneName}, ${d.sessionName} on ${d.date}. Ask a neighbour to swap in the app if you cannot.`,
      };
    }
    case 'duty.swap_requested': {
      const d = message.data;
      return {
        zh: `【潮汐摊区】${d.fromStallCode}号摊位的${d.fromName}请您代为值守${d.date}${d.zoneName}${d.sessionName}的${d.dutyName}，可在应用的“消息”页接受。`,
        en: `[Tidal Market] ${d.fromName} (stall ${d.fromStallCode}) asks you to take their duty turn: ${d.dutyName} at ${d.zoneName}, ${d.sessionName} on ${d.date}. Accept it in the app's inbox.`,
      };
    }
    case 'violation.recorded': {
      const d = message.data;
      const name = VIOLATION_NAMES[d.type] ?? VIOLATION_NAMES.other;
      return {
        zh: `【潮汐摊区】您于${local(d.occurredAt)}在${d.zoneName}被记录一次违规：${name.zh}。如有异议，可在7天内申诉。`,
        en: `[Tidal Market] A violation was recorded for you at ${d.zoneName} on ${local(d.occurredAt)}: ${name.en}. You may appeal within 7 days.`,
      };
    }
  }
}

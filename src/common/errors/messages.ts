import type { Language } from '../language.js';
import { ErrorCode } from './error-code.js';

/**
 * Named values a refusal passes to its texts (`stall`, `date`, `fields`…);
 * every text reads well without any of them, so a throw site names only what
 * it knows.
 */
export type MessageParams = Readonly<Record<string, string | number | undefined>>;

interface Texts {
  /** The English text when the throw site gave no detailed sentence of its own (framework refusals). */
  en: (p: MessageParams) => string;
  /** The Chinese text: short, plain words a grower on a phone understands. */
  zh: (p: MessageParams) => string;
}

const CATEGORY_ZH: Record<string, string> = { vegetables: '蔬菜', fruit: '水果', food: '小吃', general: '综合' };

/** What a NOT_FOUND names (`notFound('stall', id)`), in Chinese. */
const THING_ZH: Record<string, string> = {
  vendor: '这位摊主',
  stall: '这个摊位',
  zone: '这个摊区',
  session: '这个时段',
  claim: '这条预约',
  cancellation: '这次停市记录',
  closure: '这次停市',
  captain: '这位摊长',
  duty: '这项值日',
  date: '这一天的记录',
  'results of round': '这一轮的抽签结果',
  'roster entry': '这次值日安排',
  swap: '这个换班申请',
  violation: '这条违规记录',
  feedback: '这条意见',
  round: '这一轮抽签',
  offer: '这个候补名额',
  'waitlist entry': '这条候补登记',
  notification: '这条通知',
};

const has = (value: string | number | undefined): value is string | number => value !== undefined && value !== '';
const text = (value: string | number | undefined): string => (has(value) ? String(value) : '');

/** " 3 秒后" / " 15 分钟后" / "稍后" for a wait in seconds. */
function waitZh(seconds: string | number | undefined): string {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s <= 0) return '稍后';
  return s < 120 ? ` ${Math.ceil(s)} 秒后` : ` ${Math.ceil(s / 60)} 分钟后`;
}

/**
 * Every code's texts, in English and Chinese. `Record<ErrorCode, …>` makes a
 * new code without its texts a compile error; `messages.spec.ts` checks that
 * each text is there and that the Chinese one is Chinese.
 */
export const MESSAGES: Record<ErrorCode, Texts> = {
  [ErrorCode.VALIDATION_FAILED]: {
    en: (p) => (has(p.fields) ? `invalid fields: ${p.fields}` : 'the request is not valid'),
    zh: (p) => (has(p.fields) ? `以下内容填写有误，请检查：${String(p.fields).split(', ').join('、')}` : '提交的内容有误，请检查后再试'),
  },
  [ErrorCode.INVALID_RECURRENCE]: {
    en: () => 'the recurrence rule is not valid or never produces an occurrence',
    zh: () => '重复规则（rrule）有误，或者不会产生任何一场，请检查',
  },
  [ErrorCode.UNAUTHORIZED]: {
    en: () => 'sign in first: the token is missing, invalid or expired',
    zh: (p) =>
      p.reason === 'password_changed'
        ? '密码已修改，请用新密码重新登录'
        : p.reason === 'missing'
          ? '请先登录'
          : p.reason === 'metrics'
            ? '查看监控数据需要正确的令牌（METRICS_TOKEN）'
            : '登录已失效，请重新登录',
  },
  [ErrorCode.BAD_CREDENTIALS]: {
    en: () => 'wrong username or password',
    zh: (p) => (p.reason === 'current_password' ? '当前密码不对，请重新输入' : '账号（手机号）或密码不对，请重新输入'),
  },
  [ErrorCode.FORBIDDEN]: {
    en: () => 'this action is not allowed for this account',
    zh: () => '您的账号没有权限做这个操作',
  },
  [ErrorCode.VENDOR_NOT_APPROVED]: {
    en: () => 'the vendor is not approved',
    zh: () => '您的摊主资格还没有审核通过，暂时不能预约',
  },
  [ErrorCode.VENDOR_SUSPENDED]: {
    en: () => 'the vendor is suspended',
    zh: (p) => (has(p.until) ? `您的摊主资格已暂停，${p.until} 后恢复，在此之前不能预约` : '您的摊主资格已暂停，暂时不能预约'),
  },
  [ErrorCode.NO_SHOW_BLOCK]: {
    en: () => '3 or more no-shows in 30 days: no claims for 7 days',
    zh: (p) => `30 天内有 3 次预约了却没来，${has(p.until) ? `${p.until} 之前` : '7 天内'}不能预约`,
  },
  [ErrorCode.NOT_FOUND]: {
    en: () => 'not found',
    zh: (p) => `找不到${THING_ZH[text(p.what)] ?? '您要找的内容'}`,
  },
  [ErrorCode.METHOD_NOT_ALLOWED]: {
    en: (p) => `this method is not allowed here${has(p.allowed) ? `; allowed: ${p.allowed}` : ''}`,
    zh: (p) => `这个地址不支持这种请求方式${has(p.allowed) ? `（可用：${p.allowed}）` : ''}`,
  },
  [ErrorCode.SLOT_TAKEN]: {
    en: () => 'the stall is already claimed for this session',
    zh: (p) => `${has(p.stall) ? `${p.stall} 号摊位` : '该摊位'}在这个时段已被预约，请换一个摊位`,
  },
  [ErrorCode.VENDOR_OVERLAP]: {
    en: () => 'the vendor already holds a claim at an overlapping time',
    zh: () => '您在这个时间已经约了别的摊位，同一时间只能占一个摊位',
  },
  [ErrorCode.ZONE_SUSPENDED]: {
    en: () => 'the zone is suspended',
    zh: (p) => `${has(p.zone) ? `“${p.zone}”` : '这个摊区'}暂停开放，现在不能预约`,
  },
  [ErrorCode.STALL_CLOSED]: {
    en: () => 'the stall is closed',
    zh: (p) => `${has(p.stall) ? `${p.stall} 号摊位` : '该摊位'}已关闭，请换一个摊位`,
  },
  [ErrorCode.DUPLICATE_STALL_CODE]: {
    en: () => 'the stall code is already used in this zone',
    zh: (p) => `这个摊区里已经有这个摊位编号了${has(p.codes) ? `：${p.codes}` : ''}`,
  },
  [ErrorCode.DUPLICATE_PHONE]: {
    en: () => 'this phone number is already registered',
    zh: () => '这个手机号已经注册过了，请直接登录',
  },
  [ErrorCode.SESSION_HAS_CLAIMS]: {
    en: () => 'the session has active claims ahead',
    zh: (p) =>
      p.reason === 'timezone'
        ? '这个摊区以后还有摊主的预约，现在不能改时区'
        : `这个时段以后还有摊主的预约${has(p.dates) ? `（${p.dates}）` : ''}，不能这样改；要停市请取消那一天的场次`,
  },
  [ErrorCode.ZONE_SESSION_LIMIT]: {
    en: (p) => `a zone runs at most ${text(p.max) || 12} sessions`,
    zh: (p) => `一个摊区最多设 ${text(p.max) || 12} 个时段，请先删掉一个`,
  },
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: {
    en: () => 'this Idempotency-Key was already used with a different request',
    zh: () => '这个请求编号（Idempotency-Key）已用于另一次不同的操作，请重新操作',
  },
  [ErrorCode.INVALID_STATE_TRANSITION]: {
    en: () => 'this cannot be done in the current state',
    zh: () => '当前状态下不能这样操作，请刷新后再看',
  },
  [ErrorCode.PAYLOAD_TOO_LARGE]: {
    en: () => 'the request body is too large',
    zh: () => '提交的内容太大了',
  },
  [ErrorCode.HEADERS_TOO_LARGE]: {
    en: () => 'the request line and headers are too large',
    zh: () => '请求头太大了',
  },
  [ErrorCode.REQUEST_TIMEOUT]: {
    en: () => 'the request was not received in time',
    zh: () => '网络太慢，请求没能及时送到，请再试一次',
  },
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: {
    en: (p) => `unsupported content type${has(p.type) ? `: ${p.type}` : ''}; send application/json`,
    zh: () => '提交的内容格式不支持，请用 JSON（application/json）',
  },
  [ErrorCode.NOT_AN_OCCURRENCE]: {
    en: () => 'the session does not run on that date',
    zh: (p) =>
      p.reason === 'duty'
        ? '值日规则和这个时段的开市日子对不上'
        : p.reason === 'other_zone'
          ? '这个时段不属于这个摊区'
          : `这个时段${has(p.date) ? `在 ${p.date}` : '那天'}不开市`,
  },
  [ErrorCode.OCCURRENCE_CANCELLED]: {
    en: () => 'this occurrence is cancelled',
    zh: (p) => `${has(p.date) ? `${p.date} 的` : ''}这一场已取消${has(p.reason) ? `（原因：${p.reason}）` : ''}`,
  },
  [ErrorCode.OCCURRENCE_STARTED]: {
    en: () => 'this occurrence has already begun',
    zh: () => '这一场已经开始了，不能再改',
  },
  [ErrorCode.OUTSIDE_BOOKING_WINDOW]: {
    en: () => 'outside the booking window',
    zh: (p) =>
      has(p.lastDate)
        ? `${has(p.date) ? `${p.date} 的` : '这一天的'}摊位还没开放预约，现在最晚能约到 ${p.lastDate}`
        : '这一场已经开始了，不能再预约',
  },
  [ErrorCode.OUTSIDE_CHECK_IN_WINDOW]: {
    en: () => 'outside the check-in window',
    zh: (p) => (p.reason === 'ended' ? '这一场已经结束，不能签到了' : '开市前 30 分钟才能签到'),
  },
  [ErrorCode.OUTSIDE_CANCEL_WINDOW]: {
    en: () => 'outside the cancel window',
    zh: (p) => (p.reason === 'ended' ? '这一场已经结束，不能取消了' : '开市以后就不能自己取消预约了'),
  },
  [ErrorCode.CATEGORY_MISMATCH]: {
    en: () => "the stall's category is not among the vendor's",
    zh: (p) => `${has(p.category) ? `这是${CATEGORY_ZH[text(p.category)] ?? p.category}摊位，` : ''}和您登记的经营品类不符，请换一个摊位`,
  },
  [ErrorCode.WEEKLY_LIMIT]: {
    en: (p) => `at most ${text(p.max) || 'the allowed number of'} claims a week in this zone`,
    zh: (p) => `在这个摊区每周最多只能约 ${has(p.max) ? `${p.max} 次` : '规定的次数'}，这一周已经约满了`,
  },
  [ErrorCode.VENDOR_NOT_PRESENT]: {
    en: () => 'that vendor holds no stall on this run, so cannot take the turn',
    zh: () => '对方这一场没有摊位，不能接这个值日',
  },
  [ErrorCode.ROUND_CLOSED]: {
    en: () => 'applications to this round are closed',
    zh: () => '这一轮抽签已经截止报名了',
  },
  [ErrorCode.SEED_MISMATCH]: {
    en: () => 'the seed does not match the published commitment',
    zh: () => '抽签种子和事先公布的校验值（seedCommitment）对不上',
  },
  [ErrorCode.APPEAL_WINDOW_CLOSED]: {
    en: () => 'an appeal is heard within 7 days of the violation being recorded',
    zh: () => '申诉要在违规记录后 7 天内提出，现在已经过期了',
  },
  [ErrorCode.ALREADY_APPLIED]: {
    en: () => 'already applied',
    zh: () => '您已经报过名了，不用重复申请',
  },
  [ErrorCode.ALREADY_DRAWN]: {
    en: () => 'this round has already been drawn',
    zh: () => '这一轮已经抽过签了',
  },
  [ErrorCode.RATE_LIMITED]: {
    en: (p) => `too many requests: retry in ${text(p.seconds) || 'a while'}${has(p.seconds) ? ' s' : ''}`,
    zh: (p) => `操作太频繁了，请${waitZh(p.seconds)}再试`,
  },
  [ErrorCode.SERVICE_UNAVAILABLE]: {
    en: () => 'the database is unavailable, retry shortly',
    zh: () => '系统暂时忙不过来，请稍后再试',
  },
  [ErrorCode.INTERNAL_ERROR]: {
    en: () => 'Internal server error',
    zh: () => '系统出了点问题，请稍后再试',
  },
};

/**
 * The message of a refusal in the client's language: in English the throw
 * site's own sentence (with its details) when it has one, else the
 * catalogue's; in Chinese always the catalogue's, filled with the params.
 */
export function messageOf(code: ErrorCode, language: Language, params: MessageParams = {}, english?: string): string {
  if (language === 'zh') return MESSAGES[code].zh(params);
  return english !== undefined && english !== '' ? english : MESSAGES[code].en(params);
}

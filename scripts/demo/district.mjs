// The demo district as data: zones, stalls, sessions, vendors, who works when, feedback.
// Pure and deterministic (a fixed pseudo-random sequence, and for each day a rule keyed by the
// date), so that a second run plans exactly what the first did and can tell what is missing.
import { DateTime } from 'luxon';
import { mulberry32 } from '../random.mjs';

export const TIMEZONE = 'Asia/Shanghai';
export const DISTRICT = '南川区';
/** 南川区东城街道, by 金佛大道 (Nanchuan, Chongqing): the district whose 31 zones the design comes from. */
export const CENTRE = { latitude: 29.158, longitude: 107.099 };
/** Zones lie within this distance of the centre (metres). */
const SPREAD_M = 3000;
/** Written into every demo zone's description: how a later run recognises the district. */
export const MARKER = '演示数据：npm run demo 生成的南川区潮汐摊区（可随时删除 data/demo/ 重建）';
/** Every demo vendor's password (a demo file, never a real deployment). */
export const VENDOR_PASSWORD = 'demo-vendor-2026';

/** The full district (`npm run demo`); tests pass a smaller scale through the same code. */
export const FULL_SCALE = { zones: 31, stalls: 2100, vendors: 240, pendingVendors: 6 };

const PLACES = [
  ['金佛大道', '锦绣花园'],
  ['南城大道', '金山小区'],
  ['西城大道', '东城丽苑'],
  ['北固路', '滨江华府'],
  ['东环路', '南湖苑'],
  ['隆化路', '书香门第'],
  ['大观路', '和平小区'],
  ['永隆路', '幸福里'],
  ['渝南大道', '阳光城'],
  ['南平路', '春江花园'],
  ['花山路', '金佛山水'],
  ['三好路', '翠湖雅居'],
  ['龙济路', '桃花源小区'],
  ['新华路', '御景湾'],
  ['鹏程路', '康居小区'],
  ['南湖路', '新城佳苑'],
  ['书院路', '明珠苑'],
  ['东街', '南城首府'],
  ['西街', '银杏苑'],
  ['凤嘴江路', '惠民小区'],
  ['南州路', '凤凰城'],
  ['文化路', '学府苑'],
  ['水江路', '怡景苑'],
  ['白沙路', '瑞丰小区'],
  ['滨江路', '天泰花园'],
  ['龙岩江路', '文华苑'],
  ['太平场路', '锦江花园'],
  ['黎香路', '玉龙湾'],
  ['金山路', '秀山苑'],
  ['环湖路', '兴隆小区'],
  ['民主路', '东方花园'],
];

const SURNAMES =
  '张王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = [
  '桂兰',
  '秀英',
  '国强',
  '建华',
  '玉珍',
  '德福',
  '春梅',
  '志刚',
  '淑芬',
  '永红',
  '光明',
  '海燕',
  '金凤',
  '文华',
  '小平',
  '长江',
  '秀珍',
  '正伟',
  '红梅',
  '明亮',
  '家富',
  '素琴',
  '大勇',
  '翠花',
  '学军',
  '凤英',
  '德明',
  '玉兰',
  '世杰',
  '群芳',
  '兴旺',
  '静',
  '伟',
  '芳',
  '军',
  '敏',
  '华',
  '强',
  '丽',
  '勇',
];

/** Vendors by index: kind, what they sell, which stalls they take and which market they go to. */
const VENDOR_TYPES = [
  { kind: 'vegetable_farmer', categories: ['vegetables'], block: 'A', session: '早市' },
  { kind: 'vegetable_farmer', categories: ['vegetables'], block: 'A', session: '早市' },
  { kind: 'vegetable_farmer', categories: ['vegetables'], block: 'A', session: '晚市' },
  { kind: 'vegetable_farmer', categories: ['vegetables', 'fruit'], block: 'A', session: '早市' },
  { kind: 'fruit_farmer', categories: ['fruit'], block: 'B', session: '早市' },
  { kind: 'fruit_farmer', categories: ['fruit'], block: 'B', session: '晚市' },
  { kind: 'vendor', categories: ['food'], block: 'C', session: '晚市' },
  { kind: 'vendor', categories: ['food'], block: 'C', session: '午市' },
  { kind: 'vendor', categories: ['food', 'general'], block: 'C', session: '晚市' },
  { kind: 'vendor', categories: ['general'], block: 'D', session: '晚市' },
];

/** Stall blocks of a zone: prefix and category, with their share of the zone's stalls. */
const BLOCKS = [
  { prefix: 'A', category: 'vegetables', share: 0.4 },
  { prefix: 'B', category: 'fruit', share: 0.2 },
  { prefix: 'C', category: 'food', share: 0.25 },
  { prefix: 'D', category: 'general', share: 0.15 },
];

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND_EVE = [5, 6, 7];

const FEEDBACK = [
  { kind: 'wish', category: 'fruit', text: '希望晚市能多一个水果摊，下班后想买点橙子。' },
  { kind: 'problem', text: '晚市结束后地上有菜叶和塑料袋，希望摊主走前清扫一下。' },
  { kind: 'praise', text: '菜很新鲜，价格也实惠，小区老人买菜方便多了。' },
  { kind: 'wish', category: 'vegetables', text: '早市能不能提前到六点？上班前想买把青菜。' },
  { kind: 'problem', text: '早上有三轮车停在人行道上，孩子上学要绕到马路上走。' },
  { kind: 'praise', text: '摊主都很热情，摊位整齐干净，管理很规范。' },
  { kind: 'wish', category: 'food', text: '希望周末有卖豆花和凉糕的摊位。' },
  { kind: 'problem', text: '晚上灯光太暗，称重看不清。' },
  { kind: 'wish', category: 'general', text: '能不能有修鞋、配钥匙的摊位？' },
  { kind: 'praise', text: '土鸡蛋和本地蜂蜜都是农户自己的，很放心。' },
];
const RESOLUTION = '已安排社区网格员跟进，摊长在晚市后组织清扫。';

/** The metres-to-degrees step at the centre (good to a few metres over 3 km). */
function offset(dNorthM, dEastM) {
  const latitude = CENTRE.latitude + dNorthM / 111_195;
  const longitude = CENTRE.longitude + dEastM / (111_195 * Math.cos((CENTRE.latitude * Math.PI) / 180));
  return { latitude: Number(latitude.toFixed(6)), longitude: Number(longitude.toFixed(6)) };
}

/** Stall counts per zone, as even as possible (2,100 over 31: 23 zones of 68 and 8 of 67). */
function stallCounts(zones, stalls) {
  const base = Math.floor(stalls / zones);
  return Array.from({ length: zones }, (_, i) => base + (i < stalls % zones ? 1 : 0));
}

/** The sessions of zone `z`: a morning market everywhere, an evening one daily or at weekends, a noon one in some. */
function sessionsOf(z) {
  const morningStart = ['06:00', '06:30', '07:00'][z % 3];
  const morningEnd = ['09:00', '09:00', '09:30'][z % 3];
  const sessions = [{ name: '早市', startTime: morningStart, endTime: morningEnd, rrule: 'FREQ=DAILY', days: ALL_DAYS }];
  if (z % 4 === 1)
    sessions.push({ name: '午市', startTime: '11:00', endTime: '13:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', days: WEEKDAYS });
  if (z % 5 === 3) {
    sessions.push({ name: '晚市', startTime: '17:30', endTime: '21:00', rrule: 'FREQ=WEEKLY;BYDAY=FR,SA,SU', days: WEEKEND_EVE });
  } else {
    sessions.push({
      name: '晚市',
      startTime: z % 2 ? '18:00' : '18:30',
      endTime: z % 2 ? '21:00' : '21:30',
      rrule: 'FREQ=DAILY',
      days: ALL_DAYS,
    });
  }
  return sessions;
}

/** Zones, their stalls (by block), sessions, feedback; then approved and pending vendors with their places. */
export function planDistrict(scale = FULL_SCALE) {
  const next = mulberry32(20261202);
  const counts = stallCounts(scale.zones, scale.stalls);
  const zones = counts.map((stallCount, z) => {
    const [road, compound] = PLACES[z % PLACES.length];
    const distance = SPREAD_M * Math.sqrt(next()) * 0.97;
    const angle = next() * 2 * Math.PI;
    let left = stallCount;
    const blocks = BLOCKS.map((block, b) => {
      const count = b === BLOCKS.length - 1 ? left : Math.round(stallCount * block.share);
      left -= count;
      return { prefix: block.prefix, category: block.category, count };
    });
    return {
      index: z,
      name: `第${z + 1}摊区 · ${road}${compound}`,
      address: `${road} ${10 + Math.floor(next() * 280)} 号，${compound}${['东门', '南门', '西门', '北门'][z % 4]}外`,
      ...offset(distance * Math.cos(angle), distance * Math.sin(angle)),
      blocks,
      sessions: sessionsOf(z),
      feedback: Array.from({ length: 1 + ((z * 7) % 5) }, (_, k) => ({
        ...FEEDBACK[(z * 3 + k) % FEEDBACK.length],
        // Every problem of an even zone has been dealt with by the city.
        resolve: FEEDBACK[(z * 3 + k) % FEEDBACK.length].kind === 'problem' && z % 2 === 0 ? RESOLUTION : null,
      })),
    };
  });

  // Vendors: zone by zone in turn; within a zone the n-th vendor of a block takes that block's n-th stall.
  const taken = zones.map(() => ({ A: 0, B: 0, C: 0, D: 0 }));
  const vendors = [];
  for (let v = 0; v < scale.vendors + scale.pendingVendors; v++) {
    const pending = v >= scale.vendors;
    const type = VENDOR_TYPES[v % VENDOR_TYPES.length];
    const zone = zones[v % zones.length];
    const name = SURNAMES[Math.floor(next() * SURNAMES.length)] + GIVEN[Math.floor(next() * GIVEN.length)];
    const prefix = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '177', '180', '187', '188', '189', '199'][v % 16];
    const phone =
      v < 2 ? `1380000000${v + 1}` : `${prefix}${String(Math.floor(next() * 10_000)).padStart(4, '0')}${String(v).padStart(4, '0')}`;
    const vendor = { index: v, name, phone, kind: type.kind, categories: type.categories, pending };
    if (!pending) {
      // A block that is full (small test districts) sends the vendor to the general stalls, which take anyone.
      let block = zone.blocks.find((b) => b.prefix === type.block);
      if (taken[zone.index][block.prefix] >= block.count) block = zone.blocks.find((b) => b.prefix === 'D');
      const n = taken[zone.index][block.prefix]++;
      if (n < block.count) {
        const session = zone.sessions.find((s) => s.name === type.session) ?? zone.sessions[0];
        vendor.place = { zoneIndex: zone.index, stallCode: stallCode(block, n), session: session.name };
      }
    }
    vendors.push(vendor);
  }
  return { zones, vendors };
}

/** `A01`…: the code `POST /stalls/bulk` gives the n-th stall of a block (zero-padded to the count's width, at least 2). */
export function stallCode(block, n) {
  return `${block.prefix}${String(n + 1).padStart(Math.max(2, String(block.count).length), '0')}`;
}

/** Days since 1970-01-01 of a local date (the key of each day's rules). */
function dayNumber(date) {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
function weekday(date) {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function addDays(date, days) {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate();
}

export function localToday(now) {
  return DateTime.fromMillis(now, { zone: TIMEZONE }).toISODate();
}

/** The instant (epoch ms) of wall time `hhmm` on `date` in the district's time zone. */
export function instant(date, hhmm) {
  return DateTime.fromISO(`${date}T${hhmm}`, { zone: TIMEZONE }).toMillis();
}

/**
 * What vendor `v` does on `date`: nothing (a day off, about one in five), or a claim on its
 * place with a fate — `cancel` (it cancels at dawn), `no_show` (at most two per vendor in any
 * 30 days: every 23rd day — so nobody reaches the 3-in-30-days block) or `check_in` (minutes after the start).
 */
export function dayOf(vendor, date, zone) {
  if (!vendor.place) return null;
  const session = zone.sessions.find((s) => s.name === vendor.place.session);
  if (!session.days.includes(weekday(date))) return null;
  const day = dayNumber(date);
  if ((vendor.index * 7 + day * 3) % 10 >= 8) return null;
  const fate = (vendor.index + day) % 23 === 0 ? 'no_show' : (vendor.index * 3 + day) % 41 === 0 ? 'cancel' : 'check_in';
  return { session, fate, checkInMinutes: [-10, 2, 6, 15][(vendor.index + day) % 4] };
}

import type { Language } from '../common/language.js';
import { spreadsheetCsv } from '../common/spreadsheet-csv.js';
import type { CockpitCounts, CockpitResponse } from './dto/cockpit.dto.js';

type Column =
  | 'section'
  | 'district'
  | 'zone'
  | 'date'
  | 'item'
  | 'slots'
  | 'claimed'
  | 'checkedIn'
  | 'noShow'
  | 'cancelled'
  | 'occupancyRate'
  | 'checkInRate'
  | 'noShowRate'
  | 'open'
  | 'resolved';

type Section = 'total' | 'zone' | 'day' | 'zoneDay' | 'category' | 'feedback';

interface Words {
  headers: Record<Column, string>;
  sections: Record<Section, string>;
  items: Record<string, string>;
}

const WORDS: Record<Language, Words> = {
  en: {
    headers: {
      section: 'section',
      district: 'district',
      zone: 'zone',
      date: 'date',
      item: 'item',
      slots: 'stall places',
      claimed: 'claimed',
      checkedIn: 'checked in',
      noShow: 'no-show',
      cancelled: 'cancelled claims',
      occupancyRate: 'occupancy rate',
      checkInRate: 'check-in rate',
      noShowRate: 'no-show rate',
      open: 'open',
      resolved: 'resolved',
    },
    sections: { total: 'total', zone: 'zone', day: 'day', zoneDay: 'zone and day', category: 'category', feedback: 'feedback' },
    items: {
      vegetables: 'vegetables',
      fruit: 'fruit',
      food: 'food',
      general: 'general',
      wish: 'wish',
      problem: 'problem',
      praise: 'praise',
    },
  },
  zh: {
    headers: {
      section: '类别',
      district: '区',
      zone: '摊区',
      date: '日期',
      item: '项目',
      slots: '摊位场次',
      claimed: '已预约',
      checkedIn: '已签到',
      noShow: '未到',
      cancelled: '已取消预约',
      occupancyRate: '占用率',
      checkInRate: '签到率',
      noShowRate: '未到率',
      open: '待处理',
      resolved: '已处理',
    },
    sections: { total: '合计', zone: '摊区', day: '日期', zoneDay: '摊区按日', category: '摊位类别', feedback: '居民意见' },
    items: { vegetables: '蔬菜', fruit: '水果', food: '小吃', general: '综合', wish: '心愿', problem: '问题', praise: '表扬' },
  },
};

type Row = Partial<Record<Column, unknown>>;

/** The counts' columns; rates as fractions (0.8125), empty where there was nothing to share. */
function counts(figures: CockpitCounts): Row {
  return {
    slots: figures.slots,
    claimed: figures.claimed,
    checkedIn: figures.checkedIn,
    noShow: figures.noShow,
    cancelled: figures.cancelled,
    occupancyRate: figures.occupancyRate ?? '',
    checkInRate: figures.checkInRate ?? '',
    noShowRate: figures.noShowRate ?? '',
  };
}

/**
 * The cockpit's figures as one CSV for a spreadsheet (spreadsheetCsv: UTF-8 with BOM): one row per
 * figure, its section first (total, each zone, each day, each zone on each day, each category,
 * each feedback kind), then the columns that apply to it; header and names in the reader's language.
 */
export function cockpitCsv(figures: CockpitResponse, language: Language): string {
  const { headers, sections, items } = WORDS[language];
  const district = figures.district ?? '';
  const zones = new Map(figures.zones.map((zone) => [zone.zoneId, zone]));
  const rows: Row[] = [
    { section: sections.total, district, date: `${figures.from}..${figures.to}`, ...counts(figures.totals) },
    ...figures.zones.map((zone) => ({ section: sections.zone, district: zone.district, zone: zone.zoneName, ...counts(zone) })),
    ...figures.days.map((day) => ({ section: sections.day, district, date: day.date, ...counts(day) })),
    ...figures.zoneDays.map((cell) => {
      const zone = zones.get(cell.zoneId)!;
      return { section: sections.zoneDay, district: zone.district, zone: zone.zoneName, date: cell.date, ...counts(cell) };
    }),
    ...figures.categories.map((category) => ({
      section: sections.category,
      district,
      item: items[category.category],
      slots: category.slots,
      claimed: category.claimed,
      occupancyRate: category.occupancyRate ?? '',
    })),
    ...figures.feedback.map((kind) => ({
      section: sections.feedback,
      district,
      item: items[kind.kind],
      open: kind.open,
      resolved: kind.resolved,
    })),
  ];
  return spreadsheetCsv(rows, headers);
}

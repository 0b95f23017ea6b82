import { stringify } from 'csv-stringify/sync';
import type { Language } from '../common/language.js';
import type { OccupancyRow } from './dto/occupancy.dto.js';

type Column = Exclude<keyof OccupancyRow, 'zoneId' | 'sessionId'>;

const HEADERS: Record<Language, Record<Column, string>> = {
  en: {
    district: 'district',
    zoneName: 'zone',
    date: 'date',
    sessionName: 'session',
    start: 'start',
    end: 'end',
    occurrenceCancelled: 'cancelled run',
    stalls: 'stalls',
    claimed: 'claimed',
    checkedIn: 'checked in',
    noShow: 'no-show',
    cancelled: 'cancelled claims',
  },
  zh: {
    district: '区',
    zoneName: '摊区',
    date: '日期',
    sessionName: '场次',
    start: '开始',
    end: '结束',
    occurrenceCancelled: '场次取消',
    stalls: '摊位数',
    claimed: '已预约',
    checkedIn: '已签到',
    noShow: '未到',
    cancelled: '已取消预约',
  },
};

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is kept as text by a leading apostrophe. */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The occupancy rows as CSV: UTF-8 with a byte-order mark (so spreadsheets
 * show Chinese names), CRLF line ends, quoted where a name needs it, no text
 * cell read as a formula; a header row in the reader's language.
 */
export function occupancyCsv(rows: OccupancyRow[], language: Language): string {
  const columns = (Object.keys(HEADERS.en) as Column[]).map((key) => ({ key, header: HEADERS[language][key] }));
  return stringify(rows, {
    bom: true,
    header: true,
    columns,
    record_delimiter: 'windows',
    cast: { string: inert, boolean: (value) => (value ? 'true' : 'false') },
  });
}

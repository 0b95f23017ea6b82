import type { Language } from '../common/language.js';
import { spreadsheetCsv } from '../common/spreadsheet-csv.js';
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

/** The occupancy rows as CSV for a spreadsheet (spreadsheetCsv), a header row in the reader's language. */
export function occupancyCsv(rows: OccupancyRow[], language: Language): string {
  return spreadsheetCsv(rows, HEADERS[language]);
}

import { spreadsheetCsv } from '../common/spreadsheet-csv.js';

/** One line of the notice board's roster. */
export interface RosterLine {
  date: string;
  duty: string;
  session: string;
  vendor: string;
  stall: string;
}

const HEADERS: Record<'en' | 'zh', Record<keyof RosterLine, string>> = {
  en: { date: 'date', duty: 'duty', session: 'session', vendor: 'vendor', stall: 'stall' },
  zh: { date: '日期', duty: '值日', session: '场次', vendor: '摊主', stall: '摊位' },
};

/** The roster as CSV for the zone's notice board (spreadsheetCsv): a header row in the reader's language, then one row per entry. */
export function rosterCsv(lines: RosterLine[], language: 'en' | 'zh'): string {
  return spreadsheetCsv(lines, HEADERS[language]);
}

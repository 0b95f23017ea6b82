import { stringify } from 'csv-stringify/sync';

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

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is kept as text by a leading apostrophe. */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The roster as CSV for the zone's notice board: UTF-8 with a byte-order mark
 * (so Excel shows Chinese names), CRLF line ends, quoted by csv-stringify
 * wherever a name holds a comma, quote or line break, and no
 * name read as a formula; a header row in the
 * reader's language, then one row per entry.
 */
export function rosterCsv(lines: RosterLine[], language: 'en' | 'zh'): string {
  const columns = (Object.keys(HEADERS.en) as (keyof RosterLine)[]).map((key) => ({ key, header: HEADERS[language][key] }));
  return stringify(lines, { bom: true, header: true, columns, record_delimiter: 'windows', cast: { string: inert } });
}

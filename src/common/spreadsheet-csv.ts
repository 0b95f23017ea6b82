import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is kept as text by a leading apostrophe. */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Rows as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel shows
 * Chinese names), CRLF line ends, quoted by csv-stringify wherever a cell
 * holds a comma, quote or line break, no text cell read as a formula, booleans
 * as true/false; a header row of `headers`' texts, its columns in their order.
 */
export function spreadsheetCsv<Key extends string>(rows: Partial<Record<Key, unknown>>[], headers: Record<Key, string>): string {
  const columns = (Object.keys(headers) as Key[]).map((key) => ({ key, header: headers[key] }));
  return stringify(rows, {
    bom: true,
    header: true,
    columns,
    record_delimiter: 'windows',
    cast: { string: inert, boolean: (value) => (value ? 'true' : 'false') },
  });
}

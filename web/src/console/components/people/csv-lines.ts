/**
 * The rows of a CSV by the line each one ends on (as the server's import report numbers them:
 * the header is line 1), so the report can say whose row it was. Quotes may hold commas, doubled
 * quotes and line breaks; only for showing names beside the report, the server does the reading.
 */
export function csvRowsByLine(text: string): Map<number, string[]> {
  const rows = new Map<number, string[]>();
  const source = text.replace(/^\uFEFF/, '');
  let line = 1;
  let cell = '';
  let record: string[] = [];
  let quoted = false;
  const end = () => {
    record.push(cell);
    if (record.some((c) => c.trim() !== '')) rows.set(line, record);
    record = [];
    cell = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      end();
      line++;
    } else cell += ch;
  }
  if (cell !== '' || record.length > 0) end();
  return rows;
}

/** The example file the desk offers: the header and three growers (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
export const EXAMPLE_CSV =
  '\uFEFFname,phone,kind,categories\r\n' +
  '张桂兰,13800000001,vegetable_farmer,vegetables\r\n' +
  '李德福,13800000002,fruit_farmer,fruit|vegetables\r\n' +
  '王秀英,13800000003,vendor,food\r\n';

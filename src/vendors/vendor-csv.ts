import { parse } from 'csv-parse/sync';
import { validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { textProblem } from '../common/fields.js';
import { STALL_CATEGORIES, type StallCategory } from '../stalls/stall.js';
import { PHONE_PATTERN } from './dto/vendor.dto.js';
import { VENDOR_KINDS, type NewVendor, type VendorKind } from './vendor.js';

export const IMPORT_HEADER = ['name', 'phone', 'kind', 'categories'] as const;
export const MAX_IMPORT_ROWS = 5_000;

export interface RowRefusal {
  line: number;
  code: ErrorCode;
  /** The column at fault, when one is. */
  field?: string;
  message: string;
}

export type ImportRow = { line: number; vendor: NewVendor } | RowRefusal;

/**
 * A desk's CSV of growers, read row by row: `name,phone,kind,categories`
 * (categories separated by `|`), UTF-8 with or without BOM. A row that
 * cannot be read or is invalid refuses only itself; the header, or more than
 * 5,000 rows, refuses the file. `line` is the row's line in the file (the
 * header is line 1).
 */
export function parseVendorCsv(text: string): ImportRow[] {
  const rows: ImportRow[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error)
        rows.push({
          line: Number(error.lines),
          code: ErrorCode.VALIDATION_FAILED,
          message: `the row cannot be read as CSV: ${error.message}`,
        });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...body] = records;
  const names = header?.record.map((cell) => cell.trim().toLowerCase());
  if (!names || names.join(',') !== IMPORT_HEADER.join(',')) {
    throw validationFailed(`the first row must be the header ${IMPORT_HEADER.join(',')}`);
  }
  if (body.length + rows.length > MAX_IMPORT_ROWS) throw validationFailed(`an import takes at most ${MAX_IMPORT_ROWS} rows`);
  for (const { record, info } of body) rows.push(readRow(record, info.lines));
  return rows.sort((a, b) => a.line - b.line);
}

function refusal(line: number, field: string, message: string): RowRefusal {
  return { line, code: ErrorCode.VALIDATION_FAILED, field, message: `${field} ${message}` };
}

function readRow(cells: string[], line: number): ImportRow {
  if (cells.length !== IMPORT_HEADER.length) {
    return { line, code: ErrorCode.VALIDATION_FAILED, message: `the row has ${cells.length} columns, not ${IMPORT_HEADER.length}` };
  }
  const [name, phone, kind, categoryText] = cells.map((cell) => cell.trim());
  const nameProblem = textProblem(name, 1, 100);
  if (nameProblem) return refusal(line, 'name', nameProblem);
  if (!PHONE_PATTERN.test(phone)) return refusal(line, 'phone', 'must be a mainland mobile number: 11 digits starting with 1');
  if (!VENDOR_KINDS.includes(kind as VendorKind)) return refusal(line, 'kind', `must be one of: ${VENDOR_KINDS.join(', ')}`);
  const categories = categoryText.split('|').map((c) => c.trim());
  if (!categories.every((c) => STALL_CATEGORIES.includes(c as StallCategory))) {
    return refusal(line, 'categories', `must list only ${STALL_CATEGORIES.join(', ')}, separated by |`);
  }
  // Each is a known category, so without repeats there are at most as many as STALL_CATEGORIES.
  if (new Set(categories).size !== categories.length) {
    return refusal(line, 'categories', 'must not list a category twice');
  }
  return { line, vendor: { name, phone, kind: kind as VendorKind, categories: categories as StallCategory[] } };
}

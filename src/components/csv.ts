// CSV downloads that are safe to open in a spreadsheet: a cell starting with =, +, -, @, tab or
// carriage return would be run as a formula (CSV injection), so it gets a leading apostrophe.
// Two dialects: the plain one (comma, decimal point) and the one Russian-locale Excel opens by a
// double click (UTF-8 with a byte-order mark, «;» between cells, decimal comma).

const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvDialect {
  readonly separator: "," | ";";
  readonly decimalComma: boolean;
  /** Start the file with a UTF-8 byte-order mark (Excel reads the file as UTF-8 only with it). */
  readonly bom: boolean;
}
export const PLAIN_CSV: CsvDialect = { separator: ",", decimalComma: false, bom: false };
export const EXCEL_RU_CSV: CsvDialect = { separator: ";", decimalComma: true, bom: true };
export const BOM = "\uFEFF";

export function neutraliseCell(value: unknown, dialect: CsvDialect = PLAIN_CSV): string {
  // Numbers are data, not formulas: a negative number stays a number.
  if (typeof value === "number") {
    const text = Number.isFinite(value) ? String(value) : "";
    return dialect.decimalComma ? text.replace(".", ",") : text;
  }
  const text = value == null ? "" : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a cell holding a quote, a line break or the separator (and, in the plain dialect, «;» too, for spreadsheets that guess it). */
function quote(text: string, dialect: CsvDialect): string {
  const special = dialect.separator === ";" ? /["\n\r;]/ : /[",\n\r;]/;
  return special.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The start of the file: the byte-order mark when the dialect has one, and the header line (with its line break). */
export function csvHeader(header: readonly string[], dialect: CsvDialect = PLAIN_CSV): string {
  return (dialect.bom ? BOM : "") + header.map((h) => quote(neutraliseCell(h, dialect), dialect)).join(dialect.separator) + "\r\n";
}

/** `count` data lines (each with its line break); `cell(column, i)` gives row i's value. */
export function csvRows(count: number, columns: readonly string[], cell: (column: string, index: number) => unknown, dialect: CsvDialect = PLAIN_CSV): string {
  let text = "";
  for (let i = 0; i < count; i++) text += columns.map((c) => quote(neutraliseCell(cell(c, i), dialect), dialect)).join(dialect.separator) + "\r\n";
  return text;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], header: readonly string[] = columns, dialect: CsvDialect = PLAIN_CSV): string {
  return csvHeader(header, dialect) + csvRows(rows.length, columns, (c, i) => rows[i][c], dialect);
}

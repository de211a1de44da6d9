// CSV downloads that are safe to open in a spreadsheet: a cell starting with =, +, -, @, tab or
// carriage return would be run as a formula (CSV injection), so it gets a leading apostrophe.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  const text = value == null ? "" : String(value);
  // Numbers are data, not formulas: a negative number stays a number.
  if (typeof value === "number") return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a cell holding a quote, a line break or a separator (with ",", also ";", which some spreadsheets split on). */
function quote(text: string, delimiter: CsvDelimiter = ","): string {
  return (delimiter === "," ? /[",\n\r;]/ : /[";\n\r]/).test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The field separator: "," by default; ";" for files meant for a spreadsheet with a decimal comma. */
export type CsvDelimiter = "," | ";";
/** UTF-8 byte-order mark: spreadsheets then open the file as UTF-8, not in the system's code page. */
export const UTF8_BOM = "\uFEFF";

/** The header line (with its line break). */
export function csvHeader(header: readonly string[], delimiter: CsvDelimiter = ","): string {
  return header.map((h) => quote(neutraliseCell(h), delimiter)).join(delimiter) + "\r\n";
}

/** `count` data lines (each with its line break); `cell(column, i)` gives row i's value. */
export function csvRows(count: number, columns: readonly string[], cell: (column: string, index: number) => unknown, delimiter: CsvDelimiter = ","): string {
  let text = "";
  for (let i = 0; i < count; i++) text += columns.map((c) => quote(neutraliseCell(cell(c, i)), delimiter)).join(delimiter) + "\r\n";
  return text;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], header: readonly string[] = columns, delimiter: CsvDelimiter = ","): string {
  return csvHeader(header, delimiter) + csvRows(rows.length, columns, (c, i) => rows[i][c], delimiter);
}

// CSV downloads that are safe to open in a spreadsheet: a cell starting with =, +, -, @, tab or
// carriage return would be run as a formula (CSV injection), so it gets a leading apostrophe.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  const text = value == null ? "" : String(value);
  // Numbers are data, not formulas: a negative number stays a number.
  if (typeof value === "number") return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line (with its line break). */
export function csvHeader(header: readonly string[]): string {
  return header.map((h) => quote(neutraliseCell(h))).join(",") + "\r\n";
}

/** `count` data lines (each with its line break); `cell(column, i)` gives row i's value. */
export function csvRows(count: number, columns: readonly string[], cell: (column: string, index: number) => unknown): string {
  let text = "";
  for (let i = 0; i < count; i++) text += columns.map((c) => quote(neutraliseCell(cell(c, i)))).join(",") + "\r\n";
  return text;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], header: readonly string[] = columns): string {
  return csvHeader(header) + csvRows(rows.length, columns, (c, i) => rows[i][c]);
}

// CSV downloads that are safe to open in a spreadsheet: a cell starting with =, +, -, @, tab or
// carriage return would be run as a formula (CSV injection), so it gets a leading apostrophe.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  const text = value == null ? "" : typeof value === "number" ? String(value) : String(value);
  // Numbers are data, not formulas: a negative number stays a number.
  if (typeof value === "number") return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\n\r;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], header: readonly string[] = columns): string {
  const lines = [header.map((h) => quote(neutraliseCell(h))).join(",")];
  for (const row of rows) lines.push(columns.map((c) => quote(neutraliseCell(row[c]))).join(","));
  return lines.join("\r\n") + "\r\n";
}

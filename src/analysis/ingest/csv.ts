import { parse } from "csv-parse/sync";
import { InputError } from "./errors.js";
import type { ExportSpec } from "./exports.js";

export interface RawRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  readonly line: number;
  /** Field values keyed by the spec's column names (extra columns dropped). */
  readonly fields: Readonly<Record<string, string>>;
}

export interface ParsedExport {
  readonly records: RawRecord[];
  /** Blank lines skipped (trailing newlines, empty lines between records). */
  readonly blankLines: number;
  /** Header columns not in the spec: ignored, and reported on the data page. */
  readonly extraColumns: string[];
  /** True when the header's column order differs from the spec's (accepted: columns are matched by name). */
  readonly reordered: boolean;
}

const CANDIDATE_DELIMITERS = [",", ";", "\t", "|"] as const;
const delimiterName = (d: string) => (d === "\t" ? "tab" : `"${d}"`);

/**
 * Parses one export with csv-parse (quotes, embedded delimiters and newlines, CRLF / LF / CR, even mixed)
 * and checks the header against the spec. Columns are matched by name, so a reordered export still reads.
 */
export function parseExport(spec: ExportSpec, text: string): ParsedExport {
  const file = spec.fileName;
  if (text.trim() === "") {
    throw new InputError({ file, line: 1, expected: `a header line "${headerOf(spec)}" followed by data rows (the file is empty)` });
  }
  checkDelimiter(spec, text);

  let rows: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    rows = parse(text, {
      delimiter: spec.delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true, // checked below, with a clearer message
      skip_empty_lines: false, // counted, so every line is accounted for
      info: true,
      raw: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const e = error as { lines?: number; code?: string; message?: string };
    throw new InputError({
      file,
      line: e.lines,
      value: e.code,
      expected: `well-formed CSV (${e.message ?? "parser error"}); check for an unclosed quote`,
    });
  }

  const [headerRow, ...dataRows] = rows;
  const header = headerRow.record.map((name) => name.trim());
  const { index, extraColumns, reordered } = matchHeader(spec, header);

  const records: RawRecord[] = [];
  let blankLines = 0;
  for (const row of dataRows) {
    const line = startLine(row.info.lines, row.raw);
    if (row.record.length === 1 && row.record[0].trim() === "") {
      blankLines++;
      continue;
    }
    if (row.record.length !== header.length) {
      throw new InputError({
        file,
        line,
        value: row.raw.replace(/[\r\n]+$/, ""),
        expected: `${header.length} fields separated by ${delimiterName(spec.delimiter)} as in the header, got ${row.record.length}`,
      });
    }
    const fields: Record<string, string> = {};
    for (const column of spec.columns) fields[column.name] = row.record[index.get(column.name)!];
    records.push({ line, fields });
  }
  if (records.length === 0) {
    throw new InputError({ file, line: 2, expected: "at least one data row after the header (the file has a header only)" });
  }
  return { records, blankLines, extraColumns, reordered };
}

export function headerOf(spec: ExportSpec): string {
  return spec.columns.map((c) => c.name).join(spec.delimiter);
}

/** A header without the expected delimiter but with another one means the wrong export settings. */
function checkDelimiter(spec: ExportSpec, text: string): void {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0];
  if (firstLine.includes(spec.delimiter)) return;
  const found = CANDIDATE_DELIMITERS.find((d) => d !== spec.delimiter && firstLine.includes(d));
  throw new InputError({
    file: spec.fileName,
    line: 1,
    value: firstLine,
    expected: `columns separated by ${delimiterName(spec.delimiter)}${found ? ` (the header is separated by ${delimiterName(found)})` : ""}: "${headerOf(spec)}"`,
  });
}

function matchHeader(spec: ExportSpec, header: string[]) {
  const file = spec.fileName;
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) {
      throw new InputError({ file, line: 1, column: name, value: name, expected: "each column name once (this one is duplicated)" });
    }
    index.set(name, i);
  });
  const known = new Set(spec.columns.map((c) => c.name));
  const extraColumns = header.filter((name) => !known.has(name));
  for (const column of spec.columns) {
    if (!index.has(column.name)) {
      const hint = extraColumns.length ? ` (found instead: ${extraColumns.map((c) => `"${c}"`).join(", ")})` : "";
      throw new InputError({ file, line: 1, column: column.name, value: header.join(spec.delimiter), expected: `a column named "${column.name}"${hint}` });
    }
  }
  const inSpecOrder = header.filter((name) => known.has(name));
  const reordered = inSpecOrder.some((name, i) => name !== spec.columns[i].name);
  return { index, extraColumns, reordered };
}

/** csv-parse reports the line a record ends on; a quoted field with newlines starts earlier. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/(\r\n|\n|\r)$/, "");
  const innerBreaks = body.match(/\r\n|\n|\r/g)?.length ?? 0;
  return endLine - innerBreaks;
}

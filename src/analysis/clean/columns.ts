// Turns an export's records into typed columns (one Float64Array per numeric column, dictionary codes
// per category column), validating every cell against the export spec. A cell that cannot be read is
// an InputError; a cell that was read by a documented rule (typo table, whitespace, the other decimal
// mark) is logged as a correction. Nothing per row is kept but numbers.

import { InputError } from "../ingest/errors.js";
import { EXPORT_SPECS, type ColumnSpec, type ExportName } from "../ingest/exports.js";
import type { CsvRecord, RecordSink } from "../ingest/csv.js";
import { fastDecimal, fastId, fastInteger, parseDecimal, parseId, parseInteger, type Parsed, type ReadNote } from "../ingest/values.js";
import { ALLOWED_VALUES, canonicalise } from "./canonical.js";
import { CorrectionLog } from "./ledger.js";
import { REVENUE_PERIODS, MINUTES_PERIODS } from "../schema.js";

export const ALLOWED_PERIODS: Partial<Record<ExportName, readonly string[]>> = {
  market_money: REVENUE_PERIODS,
  market_time: MINUTES_PERIODS,
};

/** Longer text in a category cell is not a category name but a broken export (or an attack on the page). */
export const MAX_CATEGORY_CHARS = 100;

/** One export, typed: row r is the r-th data record of the file. */
export interface ExportTable {
  readonly name: ExportName;
  readonly rows: number;
  /** 1-based line where each row starts. */
  readonly line: Int32Array;
  readonly id: Float64Array;
  /** Leading zeros of each row's id as written ("0215349": 1); absent when no id has any. */
  readonly idZeros: Uint8Array | undefined;
  /** By spec column index (0, the id, is unused): the values of a numeric column, the codes of a category column. */
  readonly columns: readonly (Float64Array | Int32Array)[];
  /** By spec column index: a category column's values (code → canonical text). */
  readonly levels: readonly (readonly string[] | undefined)[];
  readonly corrections: CorrectionLog;
}

/** A category column's value in row r. */
export function levelAt(table: ExportTable, column: number, row: number): string {
  return table.levels[column]![table.columns[column][row]];
}

/** A numeric column's values. */
export function numbersAt(table: ExportTable, column: number): Float64Array {
  const values = table.columns[column];
  if (!(values instanceof Float64Array)) throw new Error(`column ${column} of ${table.name} is not numeric`);
  return values;
}

/** Whether two rows hold the same values in every column but the id (the test for an exact duplicate). */
export function sameValues(table: ExportTable, a: number, b: number): boolean {
  for (let k = 1; k < table.columns.length; k++) if (table.columns[k][a] !== table.columns[k][b]) return false;
  return true;
}

/** What a distinct raw text in a category column stands for: its code and correction, or why it is refused. */
interface CategoryEntry {
  readonly raw: string;
  readonly code: number;
  /** Correction kind in the file's log when the text was changed; -1 when already canonical. */
  readonly correction: number;
  readonly error?: string;
}

const NON_NEGATIVE_KINDS = new Set(["number", "integer", "share"]);
const BYTE_CACHE_LIMIT = 32;

class CategoryReader {
  readonly levels: string[];
  private readonly codes = new Map<string, number>();
  private readonly byText = new Map<string, CategoryEntry>();
  private readonly byBytes: { bytes: Uint8Array; entry: CategoryEntry }[] = [];

  constructor(
    private readonly column: ColumnSpec,
    private readonly allowed: readonly string[] | undefined,
    private readonly log: CorrectionLog,
  ) {
    this.levels = [...(allowed ?? [])];
    this.levels.forEach((v, i) => this.codes.set(v, i));
  }

  read(record: CsvRecord, field: number): CategoryEntry {
    const buf = record.buf;
    const start = record.starts[field];
    const length = record.ends[field] - start;
    const plain = record.flags[field] === 0;
    if (plain) {
      for (const { bytes, entry } of this.byBytes) {
        if (bytes.length !== length) continue;
        let k = 0;
        while (k < length && bytes[k] === buf[start + k]) k++;
        if (k === length) return entry;
      }
    }
    const raw = record.text(field);
    let entry = this.byText.get(raw);
    if (!entry) {
      entry = this.describe(raw);
      this.byText.set(raw, entry);
    }
    if (plain && this.byBytes.length < BYTE_CACHE_LIMIT) this.byBytes.push({ bytes: buf.slice(start, start + length), entry });
    return entry;
  }

  private describe(raw: string): CategoryEntry {
    const { value, rule } = canonicalise(this.column.name, raw);
    const allowed = this.allowed;
    const oneOf = allowed && `one of ${allowed.map((v) => `"${v}"`).join(", ")}`;
    const error =
      value === ""
        ? oneOf
          ? `${oneOf} (the cell is empty)`
          : "a non-empty value"
        : allowed && !allowed.includes(value)
          ? oneOf
          : value.length > MAX_CATEGORY_CHARS
            ? `a category name of at most ${MAX_CATEGORY_CHARS} characters`
            : undefined;
    if (error) return { raw, code: -1, correction: -1, error };
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.levels.push(value) - 1;
      this.codes.set(value, code);
    }
    return { raw, code, correction: rule ? this.log.kind(this.column.name, raw, value, rule) : -1 };
  }
}

const ZERO = 0x30;

/** Leading zeros of an id cell ("0215349": 1, "215349": 0), read from its bytes in the common unquoted case. */
function leadingZeros(record: CsvRecord, field: number): number {
  const start = record.starts[field];
  const end = record.ends[field];
  if (record.flags[field] === 0 && record.buf[start] !== ZERO && record.buf[start] >= 0x31 && record.buf[start] <= 0x39) return 0;
  const text = record.text(field).trim();
  let k = 0;
  while (k < text.length - 1 && text.charCodeAt(k) === ZERO) k++;
  return end > start ? k : 0;
}

/** An id as a row wrote it (leading zeros included). */
export function idAsWritten(table: ExportTable, row: number): string {
  return "0".repeat(table.idZeros?.[row] ?? 0) + String(table.id[row]);
}

/** Builds an ExportTable from the records parseExport hands over. The first bad cell is kept in `failure`. */
export class TableBuilder implements RecordSink {
  failure: InputError | undefined;
  private rows = 0;
  private capacity: number;
  private line: Int32Array;
  private id: Float64Array;
  private idZeros: Uint8Array | undefined;
  private readonly columns: (Float64Array | Int32Array)[];
  private readonly categories: (CategoryReader | undefined)[];
  private readonly log = new CorrectionLog();
  private readonly spec;
  private readonly mark: number;

  constructor(
    private readonly name: ExportName,
    rowsHint = 0,
  ) {
    this.spec = EXPORT_SPECS[name];
    this.mark = this.spec.decimalMark.charCodeAt(0);
    this.capacity = Math.max(16, rowsHint);
    this.line = new Int32Array(this.capacity);
    this.id = new Float64Array(this.capacity);
    this.categories = this.spec.columns.map((c) =>
      c.kind === "category" || c.kind === "period" ? new CategoryReader(c, c.kind === "period" ? ALLOWED_PERIODS[name] : ALLOWED_VALUES[c.name], this.log) : undefined,
    );
    this.columns = this.spec.columns.map((_, k) => (this.categories[k] ? new Int32Array(this.capacity) : new Float64Array(this.capacity)));
  }

  row(record: CsvRecord, fieldOf: Int32Array): void {
    if (this.failure) return;
    if (this.rows === this.capacity) this.grow(2 * this.capacity);
    const r = this.rows;
    const columns = this.spec.columns;
    const id = this.readNumber(record, fieldOf[0], columns[0], r);
    if (id === undefined) return;
    this.id[r] = id;
    const zeros = leadingZeros(record, fieldOf[0]);
    if (zeros > 0) (this.idZeros ??= new Uint8Array(this.capacity))[r] = Math.min(zeros, 255);
    else if (this.idZeros) this.idZeros[r] = 0;
    for (let k = 1; k < columns.length; k++) {
      const category = this.categories[k];
      if (category) {
        const entry = category.read(record, fieldOf[k]);
        if (entry.error !== undefined) return this.fail(record, columns[k], entry.raw, entry.error);
        this.columns[k][r] = entry.code;
        if (entry.correction >= 0) this.log.add(r, entry.correction);
      } else {
        const value = this.readNumber(record, fieldOf[k], columns[k], r);
        if (value === undefined) return;
        this.columns[k][r] = value;
      }
    }
    this.line[r] = record.line;
    this.rows = r + 1;
  }

  /** The typed table; throws the first bad cell's InputError if there was one. */
  finish(): ExportTable {
    if (this.failure) throw this.failure;
    if (this.capacity > this.rows) this.grow(this.rows);
    const levels = this.categories.map((c) => c?.levels);
    return { name: this.name, rows: this.rows, line: this.line, id: this.id, idZeros: this.idZeros, columns: this.columns, levels, corrections: this.log };
  }

  private readNumber(record: CsvRecord, field: number, column: ColumnSpec, row: number): number | undefined {
    const { buf } = record;
    const start = record.starts[field];
    const end = record.ends[field];
    const kind = column.kind;
    let value = NaN;
    if (record.flags[field] === 0) {
      value = kind === "id" ? fastId(buf, start, end) : kind === "integer" ? fastInteger(buf, start, end) : fastDecimal(buf, start, end, this.mark);
    }
    let note: ReadNote | undefined;
    if (Number.isNaN(value)) {
      const raw = record.text(field);
      const parsed: Parsed<number> = kind === "id" ? parseId(raw) : kind === "integer" ? parseInteger(raw) : parseDecimal(raw, this.spec.decimalMark);
      if (!parsed.ok) return this.fail(record, column, raw, parsed.expected);
      value = parsed.value;
      note = parsed.note;
    }
    if (NON_NEGATIVE_KINDS.has(kind) && value < 0) return this.fail(record, column, record.text(field), "a non-negative number");
    if (kind === "share" && value > 1) return this.fail(record, column, record.text(field), "a share between 0 and 1");
    if (note) this.log.add(row, this.log.kind(column.name, record.text(field), String(value), note));
    return value;
  }

  private fail(record: CsvRecord, column: ColumnSpec, raw: string, expected: string): undefined {
    this.failure = new InputError({ file: this.spec.fileName, line: record.line, column: column.name, value: raw, expected });
    return undefined;
  }

  private grow(capacity: number): void {
    const resize = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a.subarray(0, Math.min(this.rows, capacity)));
      return b;
    };
    this.line = resize(this.line);
    this.id = resize(this.id);
    if (this.idZeros) this.idZeros = resize(this.idZeros);
    for (let k = 0; k < this.columns.length; k++) this.columns[k] = resize(this.columns[k]);
    this.capacity = capacity;
  }
}

// Turns parsed CSV records into typed rows, validating every cell against the export spec.
// A cell that cannot be read is an InputError; a cell that was read by a documented rule
// (typo table, whitespace, the other decimal mark) becomes a Correction in the file's ledger.

import { InputError } from "../ingest/errors.js";
import { EXPORT_SPECS, type ColumnSpec, type ExportName } from "../ingest/exports.js";
import type { RawRecord } from "../ingest/csv.js";
import { parseDecimal, parseId, parseInteger, type Parsed } from "../ingest/values.js";
import { ALLOWED_VALUES, canonicalise } from "./canonical.js";
import type { Correction } from "./ledger.js";
import { REVENUE_PERIODS, MINUTES_PERIODS } from "../schema.js";

export type TypedValue = number | string;

export interface TypedRow {
  readonly line: number;
  readonly id: number;
  readonly values: Readonly<Record<string, TypedValue>>;
}

const ALLOWED_PERIODS: Partial<Record<ExportName, readonly string[]>> = {
  market_money: REVENUE_PERIODS,
  market_time: MINUTES_PERIODS,
};

/** Longer text in a category cell is not a category name but a broken export (or an attack on the page). */
export const MAX_CATEGORY_CHARS = 100;

/** Columns whose values must not be negative even though the parser accepts a sign. */
const NON_NEGATIVE_KINDS = new Set(["number", "integer", "share"]);

export function typeRecords(name: ExportName, records: readonly RawRecord[], corrections: Correction[]): TypedRow[] {
  const spec = EXPORT_SPECS[name];
  return records.map((record) => {
    const id = readCell(name, record, spec.columns[0], corrections, null) as number;
    const values: Record<string, TypedValue> = {};
    for (const column of spec.columns.slice(1)) values[column.name] = readCell(name, record, column, corrections, id);
    return { line: record.line, id, values };
  });
}

function readCell(name: ExportName, record: RawRecord, column: ColumnSpec, corrections: Correction[], id: number | null): TypedValue {
  const spec = EXPORT_SPECS[name];
  const raw = record.fields[column.name];
  const fail = (expected: string): never => {
    throw new InputError({ file: spec.fileName, line: record.line, column: column.name, value: raw, expected });
  };
  const correct = (to: string, rule: string) =>
    corrections.push({ line: record.line, id, column: column.name, from: raw, to, rule });

  if (column.kind === "category" || column.kind === "period") {
    const { value, rule } = canonicalise(column.name, raw);
    const allowed = column.kind === "period" ? ALLOWED_PERIODS[name] : ALLOWED_VALUES[column.name];
    if (value === "") fail(allowed ? `one of ${allowed.map((v) => `"${v}"`).join(", ")} (the cell is empty)` : "a non-empty value");
    if (allowed && !allowed.includes(value)) fail(`one of ${allowed.map((v) => `"${v}"`).join(", ")}`);
    if (value.length > MAX_CATEGORY_CHARS) fail(`a category name of at most ${MAX_CATEGORY_CHARS} characters`);
    if (rule) correct(value, rule);
    return value;
  }

  const parsed: Parsed<number> =
    column.kind === "id" ? parseId(raw) : column.kind === "integer" ? parseInteger(raw) : parseDecimal(raw, spec.decimalMark);
  if (!parsed.ok) return fail(parsed.expected);
  const value = parsed.value;
  if (NON_NEGATIVE_KINDS.has(column.kind) && value < 0) fail("a non-negative number");
  if (column.kind === "share" && value > 1) fail("a share between 0 and 1");
  if (parsed.note) correct(String(value), parsed.note);
  return value;
}

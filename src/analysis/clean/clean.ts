// Cleaning: from the four exports to the merged customer table and a ledger that accounts for every
// raw row. Pure: takes decoded texts or chunked bytes, returns data; the caller does the I/O. Each
// export is streamed into typed columns (ExportTable), so memory follows the number of rows, not the
// size of the text, and no object is made per raw row.

import { parseExport, type ParsedExport } from "../ingest/csv.js";
import { InputError } from "../ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../ingest/exports.js";
import { isExportBytes, Utf8Chunks, type ExportContent } from "../ingest/decode.js";
import { KNOWN_OPEN_VALUES } from "./canonical.js";
import { emptyFileLedger, assertLedgerReconciles, type FileLedger, type Ledger, type CustomerExclusion } from "./ledger.js";
import { TableBuilder, levelAt, numbersAt, sameValues, type ExportTable } from "./columns.js";
import { findRevenueOutliers, REVENUE_OUTLIER_Z } from "./outliers.js";
import { columnIndex, mergeCustomers } from "../features/merge.js";
import { REVENUE_PERIODS, MINUTES_PERIODS, type Customer } from "../schema.js";

export interface CleanResult {
  readonly customers: Customer[];
  readonly ledger: Ledger;
}

/**
 * A refresh that loses more than this share of customers to missing rows is almost certainly a broken
 * export (a truncated file, a wrong month), not a handful of incomplete customers: fail instead of
 * publishing a report on the remainder.
 */
export const MAX_INCOMPLETE_SHARE = 0.05;

/**
 * Customer id → row of market_file.csv (-1 when absent): a dense table when the ids are compact, as a
 * store's sequential ids are (1M lookups per export without hashing), a Map otherwise.
 */
class IdIndex {
  private readonly min: number;
  private readonly dense: Int32Array | undefined;
  private readonly map = new Map<number, number>();

  constructor(ids: Float64Array, rows: number) {
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      if (ids[r] < min) min = ids[r];
      if (ids[r] > max) max = ids[r];
    }
    this.min = min;
    this.dense = rows > 0 && max - min < 4 * rows + 4096 ? new Int32Array(max - min + 1).fill(-1) : undefined;
  }

  get(id: number): number {
    if (!this.dense) return this.map.get(id) ?? -1;
    const at = id - this.min;
    return at >= 0 && at < this.dense.length ? this.dense[at] : -1;
  }

  set(id: number, row: number): void {
    if (this.dense) this.dense[id - this.min] = row;
    else this.map.set(id, row);
  }
}

/** Months per customer in each export (one row per customer and month). */
const PERIODS_PER_CUSTOMER: Record<ExportName, number> = { market_file: 1, market_money: REVENUE_PERIODS.length, market_time: MINUTES_PERIODS.length, money: 1 };

export function cleanExports(inputs: Readonly<Record<ExportName, ExportContent>>): CleanResult {
  const files = {} as Record<ExportName, FileLedger>;
  const tables = {} as Record<ExportName, ExportTable>;
  for (const name of EXPORT_NAMES) {
    const ledger = (files[name] = emptyFileLedger(EXPORT_SPECS[name].fileName));
    const { table, parsed, hadBom } = readExport(name, inputs[name]);
    tables[name] = table;
    ledger.raw = parsed.records;
    ledger.blank_lines = parsed.blankLines;
    if (hadBom) ledger.notes.push("файл начинается с метки порядка байтов UTF-8 (BOM): она пропущена");
    if (parsed.reordered) ledger.notes.push("столбцы идут в другом порядке: сопоставлены по названиям");
    if (parsed.extraColumns.length) ledger.notes.push(`лишние столбцы не используются: ${parsed.extraColumns.join(", ")}`);
  }
  const customerFile = tables.market_file;

  // Row-level exclusions: exact duplicates and rows of ids unknown to the customer file.
  const excluded = Object.fromEntries(EXPORT_NAMES.map((n) => [n, new Uint8Array(tables[n].rows)])) as Record<ExportName, Uint8Array>;
  const exclude = (name: ExportName, row: number, code: string, reason: string) => {
    files[name].excluded.push({ line: tables[name].line[row], id: tables[name].id[row], code, reason });
    excluded[name][row] = 1;
  };
  // A customer is known by the market_file row of their id's first occurrence ("customer row" c).
  // firstRow[name][c × periods + p]: the row of name holding customer c's month p (the first such row); -1 if none.
  const customerRowOf = new IdIndex(customerFile.id, customerFile.rows);
  const firstRow = {} as Record<ExportName, Int32Array>;
  const customerOf = {} as Record<ExportName, Int32Array>; // by row: its customer row, -1 for an id unknown to market_file
  for (const name of EXPORT_NAMES) {
    const table = tables[name];
    const periods = PERIODS_PER_CUSTOMER[name];
    const periodColumn = periods > 1 ? table.columns[columnIndex(name, "Период")] : undefined;
    const first = (firstRow[name] = new Int32Array(customerFile.rows * periods).fill(-1));
    const customers = (customerOf[name] = new Int32Array(table.rows));
    const firstOfUnknown = new Map<number, Int32Array>(); // rows of ids that are not customers still get the duplicate check
    for (let row = 0; row < table.rows; row++) {
      const id = table.id[row];
      let c: number;
      if (name === "market_file") {
        c = customerRowOf.get(id);
        if (c < 0) customerRowOf.set(id, (c = row));
      } else {
        c = customerRowOf.get(id);
      }
      customers[row] = c;
      const p = periodColumn ? periodColumn[row] : 0;
      let slots: Int32Array = first;
      let slot = c * periods + p;
      if (c < 0) {
        slots = firstOfUnknown.get(id) ?? firstOfUnknown.set(id, new Int32Array(periods).fill(-1)).get(id)!;
        slot = p;
      }
      const seen = slots[slot];
      if (seen < 0) {
        slots[slot] = row;
      } else if (sameValues(table, seen, row)) {
        exclude(name, row, "duplicate_row", `точный дубликат строки ${table.line[seen]}`);
      } else {
        const what = periods > 1 ? `id ${id} and period "${levelAt(table, columnIndex(name, "Период"), row)}"` : `id ${id}`;
        throw new InputError({
          file: EXPORT_SPECS[name].fileName,
          line: table.line[row],
          column: "id",
          value: String(id),
          expected: `one row per ${what}: line ${table.line[seen]} has the same key with different values, so neither can be trusted`,
        });
      }
    }
  }
  for (const name of EXPORT_NAMES.filter((n) => n !== "market_file")) {
    for (let row = 0; row < tables[name].rows; row++) {
      if (customerOf[name][row] < 0 && !excluded[name][row]) {
        exclude(name, row, "unknown_id", "id нет в market_file.csv: строка не относится ни к одному покупателю");
      }
    }
  }
  const customerRows: number[] = [];
  for (let row = 0; row < customerFile.rows; row++) if (!excluded.market_file[row]) customerRows.push(row);

  // Customer-level exclusions: incomplete customers, then inactive ones (revenue 0 in some month).
  const R = REVENUE_PERIODS.length;
  const M = MINUTES_PERIODS.length;
  const revenueRow = firstRow.market_money;
  const minutesRow = firstRow.market_time;
  const profitRow = firstRow.money;
  const revenue = numbersAt(tables.market_money, columnIndex("market_money", "Выручка"));
  const exclusionOf = new Int32Array(customerFile.rows).fill(-1); // customer row → index in excludedCustomers
  const excludedCustomers: CustomerExclusion[] = [];
  const excludeCustomer = (c: number, code: string, reason: string) => {
    exclusionOf[c] = excludedCustomers.push({ id: customerFile.id[c], code, reason }) - 1;
  };
  const isComplete = (c: number) => {
    for (let p = 0; p < R; p++) if (revenueRow[c * R + p] < 0) return false;
    for (let p = 0; p < M; p++) if (minutesRow[c * M + p] < 0) return false;
    return profitRow[c] >= 0;
  };
  for (const c of customerRows) {
    if (isComplete(c)) continue;
    const missing = [
      ...REVENUE_PERIODS.filter((_, p) => revenueRow[c * R + p] < 0).map((p) => `выручки за ${p} в market_money.csv`),
      ...MINUTES_PERIODS.filter((_, p) => minutesRow[c * M + p] < 0).map((p) => `минут за ${p} в market_time.csv`),
      ...(profitRow[c] >= 0 ? [] : ["прибыли в money.csv"]),
    ];
    if (missing.length) excludeCustomer(c, "incomplete_customer", `неполные данные: нет ${missing.join(", ")}`);
  }
  const incomplete = excludedCustomers.length;
  if (incomplete > MAX_INCOMPLETE_SHARE * customerRows.length) {
    const first = excludedCustomers[0];
    throw new InputError({
      file: "market_money.csv, market_time.csv, money.csv",
      value: `${incomplete} of ${customerRows.length} customers incomplete (first: id ${first.id}, ${first.reason})`,
      expected: `rows for every customer in market_file.csv in each export (at most ${MAX_INCOMPLETE_SHARE * 100}% incomplete customers; more means a truncated or mismatched export)`,
    });
  }
  const isActive = (c: number) => {
    for (let p = 0; p < R; p++) if (revenue[revenueRow[c * R + p]] <= 0) return false;
    return true;
  };
  for (const c of customerRows) {
    if (exclusionOf[c] >= 0 || isActive(c)) continue;
    const zeroMonths = REVENUE_PERIODS.filter((_, p) => revenue[revenueRow[c * R + p]] <= 0);
    if (zeroMonths.length) excludeCustomer(c, "inactive_customer", `неактивный покупатель: нулевая выручка за ${zeroMonths.join(", ")}`);
  }
  for (const name of EXPORT_NAMES) {
    for (let row = 0; row < tables[name].rows; row++) {
      if (excluded[name][row]) continue;
      const why = exclusionOf[customerOf[name][row]];
      if (why >= 0) exclude(name, row, excludedCustomers[why].code, `покупатель исключён — ${excludedCustomers[why].reason}`);
    }
  }

  // Revenue outliers among kept customers: corrected to the customer's own level, recorded.
  const money = tables.market_money;
  const keptRevenueRows: number[] = [];
  for (let row = 0; row < money.rows; row++) if (!excluded.market_money[row]) keptRevenueRows.push(row);
  const periodColumn = columnIndex("market_money", "Период");
  const outliers = findRevenueOutliers({
    rows: Int32Array.from(keptRevenueRows),
    revenue,
    id: money.id,
    period: (row) => levelAt(money, periodColumn, row),
    sameCustomer: (row) => {
      const c = customerOf.market_money[row];
      return Array.from(revenueRow.subarray(c * R, c * R + R)).filter((r) => r >= 0 && !excluded.market_money[r]);
    },
  });
  const correctedRevenue = new Map<number, number>(); // revenue row → corrected revenue
  const outlierRule = `выброс: дальше ${REVENUE_OUTLIER_Z} медианных отклонений от медианы; заменено средним за другие месяцы этого покупателя`;
  for (const o of outliers.caught) {
    correctedRevenue.set(o.row, o.to);
    money.corrections.add(o.row, money.corrections.kind("Выручка", String(o.from), String(o.to), outlierRule));
  }

  for (const name of EXPORT_NAMES) {
    const table = tables[name];
    files[name].kept = files[name].raw - files[name].excluded.length;
    // Corrections of rows that were excluded anyway are not worth reporting as corrections.
    files[name].corrected = table.corrections.grouped(excluded[name], table.line, table.id);
  }

  const keptCustomerRows = Int32Array.from(customerRows.filter((c) => exclusionOf[c] < 0));
  const customers = mergeCustomers({ tables, customerRows: keptCustomerRows, revenueRow, minutesRow, profitRow, correctedRevenue });
  const ledger: Ledger = {
    files,
    customers: { raw: customerRows.length, kept: customers.length, excluded: excludedCustomers },
    new_levels: findNewLevels(customers),
    outlier_rule: {
      description: outliers.description,
      median: outliers.median,
      mad: outliers.mad,
      z_threshold: REVENUE_OUTLIER_Z,
      upper_limit: outliers.upperLimit,
      caught: outliers.caught.map(({ id, period, from, to }) => ({ id, period, from, to })),
    },
  };
  for (const level of ledger.new_levels) {
    files.market_file.notes.push(`новое значение «${level.value}» в столбце ${level.column} (${level.count} покупателей): оставлено отдельным уровнем`);
  }
  assertLedgerReconciles(ledger);
  return { customers, ledger };
}

/** Streams one export (text or bytes) through the CSV reader into typed columns. */
function readExport(name: ExportName, content: ExportContent): { table: ExportTable; parsed: ParsedExport; hadBom: boolean } {
  const spec = EXPORT_SPECS[name];
  if (isExportBytes(content)) {
    const builder = new TableBuilder(name, content.rowsHint);
    const chunks = new Utf8Chunks(spec.fileName, () => content.chunks());
    const parsed = parseExport(spec, chunks, builder);
    return { table: builder.finish(), parsed, hadBom: chunks.hadBom };
  }
  const builder = new TableBuilder(name);
  const parsed = parseExport(spec, textChunks(content.text), builder);
  return { table: builder.finish(), parsed, hadBom: content.hadBom };
}

const TEXT_CHUNK_BYTES = 1 << 20;

function* textChunks(text: string): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += TEXT_CHUNK_BYTES) yield bytes.subarray(at, at + TEXT_CHUNK_BYTES);
}

function findNewLevels(customers: readonly Customer[]) {
  const levels: { column: string; value: string; count: number }[] = [];
  for (const [column, known] of Object.entries(KNOWN_OPEN_VALUES)) {
    const counts = new Map<string, number>();
    for (const c of customers) {
      const value = String(c[column as keyof Customer]);
      if (!known.includes(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    for (const [value, count] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) levels.push({ column, value, count });
  }
  return levels;
}

// Cleaning: from the four exports to the merged customer table and a ledger that accounts for every
// raw row. Pure: takes decoded texts or chunked bytes, returns data; the caller does the I/O. Each
// export is streamed into typed columns (ExportTable), so memory follows the number of rows, not the
// size of the text, and no object is made per raw row.

import { parseExport, type ParsedExport } from "../ingest/csv.js";
import { InputError } from "../ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../ingest/exports.js";
import { isExportBytes, Utf8Chunks, type ExportContent } from "../ingest/decode.js";
import { KNOWN_OPEN_VALUES } from "./canonical.js";
import {
  emptyFileLedger,
  assertLedgerReconciles,
  ExampleList,
  LEDGER_EXAMPLES,
  type FileLedger,
  type Ledger,
  type CustomerExclusion,
  type CustomerExclusionReason,
  type MissingValue,
  type PlausibilityReport,
  type PooledLevels,
  type RowExclusion,
  type RowExclusionReason,
} from "./ledger.js";
import { TableBuilder, idAsWritten, levelAt, numbersAt, sameValues, type ExportTable } from "./columns.js";
import { OUTLIER_Z, plausibilityLimit, type PlausibilityLimit } from "./outliers.js";
import { POOLED_LEVEL, poolRareLevels } from "./levels.js";
import { columnIndex, mergeCustomers } from "./merge.js";
import { COPY_FIELDS, findCopies } from "./duplicates.js";
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

/**
 * The cleaning, one rule after another (the order matters: each rule sees the customers the previous ones kept):
 * read, join and deduplicate, unknown ids, incomplete and inactive customers, plausibility, the excluded customers'
 * rows, rare levels, the files' ledgers, the merge, and the ledger that accounts for every row.
 */
export function cleanExports(inputs: Readonly<Record<ExportName, ExportContent>>): CleanResult {
  const state = readAll(inputs);
  joinAndDeduplicate(state);
  excludeUnknownIds(state);
  const customers = customerLevel(state);
  excludeIncomplete(state, customers);
  excludeInactive(state, customers);
  const plausibility = checkPlausibility(state, customers);
  excludeRowsOfExcludedCustomers(state, customers);
  const keptCustomerRows = Int32Array.from(customers.rows.filter((c) => customers.exclusionOf[c] < 0));
  const pooledLevels = poolLevels(state, keptCustomerRows);
  finishFileLedgers(state);
  const merged = mergeCustomers({
    tables: state.tables,
    customerRows: keptCustomerRows,
    revenueRow: customers.revenueRow,
    minutesRow: customers.minutesRow,
    profitRow: customers.profitRow,
    correctedRevenue: customers.corrected.market_money,
    correctedMinutes: customers.corrected.market_time,
  });
  return { customers: merged, ledger: ledgerOf(state, customers, merged, plausibility, pooledLevels) };
}

/** What the rules share: the exports' typed columns, each file's ledger and its row exclusions. */
interface Cleaning {
  files: Record<ExportName, FileLedger>;
  tables: Record<ExportName, ExportTable>;
  /** By file and row: 1 once the row is excluded. */
  excluded: Record<ExportName, Uint8Array>;
  /** By file: the excluded rows' counts by reason and the first few rows of each (ExampleList), so the ledger stays small. */
  exclusions: Record<ExportName, ExampleList<RowExclusion>>;
  /**
   * A customer is known by the market_file row of their id's first occurrence ("customer row" c).
   * firstRow[name][c × periods + p]: the row of name holding customer c's month p (the first such row); -1 if none.
   */
  firstRow: Record<ExportName, Int32Array>;
  /** By file and row: its customer row, -1 for an id unknown to market_file. */
  customerOf: Record<ExportName, Int32Array>;
}

function exclude(state: Cleaning, name: ExportName, row: number, reason: RowExclusionReason): void {
  state.exclusions[name].add({ line: state.tables[name].line[row], id: state.tables[name].id[row], ...reason });
  state.excluded[name][row] = 1;
}

/** Every export streamed into typed columns, with what reading noticed (BOM, column order, extra columns). */
function readAll(inputs: Readonly<Record<ExportName, ExportContent>>): Cleaning {
  const files = {} as Record<ExportName, FileLedger>;
  const tables = {} as Record<ExportName, ExportTable>;
  for (const name of EXPORT_NAMES) {
    const ledger = (files[name] = emptyFileLedger(EXPORT_SPECS[name].fileName));
    const { table, parsed, hadBom } = readExport(name, inputs[name]);
    tables[name] = table;
    ledger.raw = parsed.records;
    ledger.blank_lines = parsed.blankLines;
    if (hadBom) ledger.notes.push({ code: "bom" });
    if (parsed.reordered) ledger.notes.push({ code: "reordered_columns" });
    if (parsed.extraColumns.length) ledger.notes.push({ code: "extra_columns", columns: [...parsed.extraColumns] });
  }
  return {
    files,
    tables,
    excluded: Object.fromEntries(EXPORT_NAMES.map((n) => [n, new Uint8Array(tables[n].rows)])) as Record<ExportName, Uint8Array>,
    exclusions: Object.fromEntries(EXPORT_NAMES.map((n) => [n, new ExampleList<RowExclusion>()])) as Record<ExportName, ExampleList<RowExclusion>>,
    firstRow: {} as Record<ExportName, Int32Array>,
    customerOf: {} as Record<ExportName, Int32Array>,
  };
}

/**
 * The join (each row to its customer row, each customer's month to its first row) and, on the same key, exact
 * duplicate rows excluded; the same key with different values, an id spelled differently from market_file.csv, or
 * too many ids unknown to it stop the run.
 */
function joinAndDeduplicate(state: Cleaning): void {
  const { tables, firstRow, customerOf } = state;
  const customerFile = tables.market_file;
  const customerRowOf = new IdIndex(customerFile.id, customerFile.rows);
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
      if (c >= 0 && (table.idZeros || customerFile.idZeros) && (table.idZeros?.[row] ?? 0) !== (customerFile.idZeros?.[c] ?? 0)) {
        throw new InputError({
          file: EXPORT_SPECS[name].fileName,
          line: table.line[row],
          column: "id",
          value: idAsWritten(table, row),
          expected: `the id written as in market_file.csv, "${idAsWritten(customerFile, c)}" (line ${customerFile.line[c]}): leading zeros make another spelling of the same number, so the rows cannot be matched safely`,
        });
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
        exclude(state, name, row, { code: "duplicate_row", duplicate_of: table.line[seen] });
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
    // Ids unknown to market_file: a handful are stray rows; more than MAX_INCOMPLETE_SHARE of the customers is a
    // mismatched export (the same limit as for customers missing from a file).
    if (name !== "market_file" && firstOfUnknown.size > MAX_INCOMPLETE_SHARE * customerFile.rows) {
      const firstUnknown = customers.indexOf(-1);
      throw new InputError({
        file: EXPORT_SPECS[name].fileName,
        line: table.line[firstUnknown],
        column: "id",
        value: `${firstOfUnknown.size} ids not in market_file.csv (first: ${idAsWritten(table, firstUnknown)}), against ${customerFile.rows} customers there`,
        expected: `ids of market_file.csv's customers (at most ${MAX_INCOMPLETE_SHARE * 100}% unknown ids; more means an export of another period or store)`,
      });
    }
  }
}

/** Rows of ids unknown to market_file.csv (a handful: stray rows) are excluded. */
function excludeUnknownIds(state: Cleaning): void {
  for (const name of EXPORT_NAMES.filter((n) => n !== "market_file")) {
    for (let row = 0; row < state.tables[name].rows; row++) {
      if (state.customerOf[name][row] < 0 && !state.excluded[name][row]) {
        exclude(state, name, row, { code: "unknown_id" });
      }
    }
  }
}

/** The customers (market_file rows not excluded), their rows in each export, and the customer-level exclusions. */
interface CustomerLevel {
  rows: number[];
  revenueRow: Int32Array;
  minutesRow: Int32Array;
  profitRow: Int32Array;
  /** By customer row: index into `excluded`, -1 while kept. */
  exclusionOf: Int32Array;
  excluded: CustomerExclusion[];
  /** By export and row: the plausible value to use instead of the row's. */
  corrected: { market_money: Map<number, number>; market_time: Map<number, number> };
}

const R = REVENUE_PERIODS.length;
const M = MINUTES_PERIODS.length;

function customerLevel(state: Cleaning): CustomerLevel {
  const customerFile = state.tables.market_file;
  const rows: number[] = [];
  for (let row = 0; row < customerFile.rows; row++) if (!state.excluded.market_file[row]) rows.push(row);
  return {
    rows,
    revenueRow: state.firstRow.market_money,
    minutesRow: state.firstRow.market_time,
    profitRow: state.firstRow.money,
    exclusionOf: new Int32Array(customerFile.rows).fill(-1),
    excluded: [],
    corrected: { market_money: new Map<number, number>(), market_time: new Map<number, number>() },
  };
}

function excludeCustomer(state: Cleaning, customers: CustomerLevel, c: number, reason: CustomerExclusionReason): void {
  customers.exclusionOf[c] = customers.excluded.push({ id: state.tables.market_file.id[c], ...reason }) - 1;
}

/** Customers without every month in every export are excluded; more than MAX_INCOMPLETE_SHARE of them stop the run. */
function excludeIncomplete(state: Cleaning, customers: CustomerLevel): void {
  const { revenueRow, minutesRow, profitRow } = customers;
  const customerRows = customers.rows;
  const excludedCustomers = customers.excluded;
  const isComplete = (c: number) => {
    for (let p = 0; p < R; p++) if (revenueRow[c * R + p] < 0) return false;
    for (let p = 0; p < M; p++) if (minutesRow[c * M + p] < 0) return false;
    return profitRow[c] >= 0;
  };
  for (const c of customerRows) {
    if (isComplete(c)) continue;
    const missing: MissingValue[] = [
      ...REVENUE_PERIODS.filter((_, p) => revenueRow[c * R + p] < 0).map((period) => ({ file: EXPORT_SPECS.market_money.fileName, column: "Выручка", period })),
      ...MINUTES_PERIODS.filter((_, p) => minutesRow[c * M + p] < 0).map((period) => ({ file: EXPORT_SPECS.market_time.fileName, column: "минут", period })),
      ...(profitRow[c] >= 0 ? [] : [{ file: EXPORT_SPECS.money.fileName, column: "Прибыль", period: null }]),
    ];
    if (missing.length) excludeCustomer(state, customers, c, { code: "incomplete_customer", missing });
  }
  const incomplete = excludedCustomers.length;
  if (incomplete > MAX_INCOMPLETE_SHARE * customerRows.length) {
    const first = excludedCustomers[0];
    const missing = first.code === "incomplete_customer" ? first.missing.map((m) => `${m.column}${m.period ? ` for ${m.period}` : ""} in ${m.file}`).join(", ") : "";
    throw new InputError({
      file: "market_money.csv, market_time.csv, money.csv",
      value: `${incomplete} of ${customerRows.length} customers incomplete (first: id ${first.id}, missing ${missing})`,
      expected: `rows for every customer in market_file.csv in each export (at most ${MAX_INCOMPLETE_SHARE * 100}% incomplete customers; more means a truncated or mismatched export)`,
    });
  }
}

/** Customers with zero revenue in some month are inactive: excluded. */
function excludeInactive(state: Cleaning, customers: CustomerLevel): void {
  const revenue = numbersAt(state.tables.market_money, columnIndex("market_money", "Выручка"));
  const { revenueRow } = customers;
  const isActive = (c: number) => {
    for (let p = 0; p < R; p++) if (revenue[revenueRow[c * R + p]] <= 0) return false;
    return true;
  };
  for (const c of customers.rows) {
    if (customers.exclusionOf[c] >= 0 || isActive(c)) continue;
    const zeroMonths = REVENUE_PERIODS.filter((_, p) => revenue[revenueRow[c * R + p]] <= 0);
    if (zeroMonths.length) excludeCustomer(state, customers, c, { code: "inactive_customer", zero_months: zeroMonths });
  }
}

/**
 * Plausibility of every money and time column (outliers.ts), over the customers still in: a caught month is
 * replaced by the customer's other plausible months; a customer with none, or with an implausible profit, is excluded.
 */
function checkPlausibility(state: Cleaning, customers: CustomerLevel): PlausibilityReport[] {
  const active = customers.rows.filter((c) => customers.exclusionOf[c] < 0);
  const { corrected, revenueRow, minutesRow, profitRow } = customers;
  const { tables } = state;
  const plausibility: PlausibilityReport[] = [];
  const implausible = new Map<number, CustomerExclusionReason>(); // customer row → reason
  const monthly = [
    { name: "market_money" as const, column: "Выручка", rowOf: revenueRow, periods: REVENUE_PERIODS, round: (v: number) => Math.round(v * 10) / 10 },
    { name: "market_time" as const, column: "минут", rowOf: minutesRow, periods: MINUTES_PERIODS, round: Math.round },
  ];
  for (const { name, column, rowOf, periods, round } of monthly) {
    const table = tables[name];
    const values = numbersAt(table, columnIndex(name, column));
    const P = periods.length;
    const limit = plausibilityLimit(Float64Array.from({ length: active.length * P }, (_, k) => values[rowOf[active[Math.floor(k / P)] * P + (k % P)]]));
    const caught = new ExampleList<{ code: string; id: number; period: string | null; from: number; to: number | null }>();
    let correctedCount = 0;
    let excludedCount = 0;
    for (const c of active) {
      const rows = Array.from(rowOf.subarray(c * P, c * P + P));
      const bad = rows.filter((r) => values[r] > limit.upperLimit);
      if (bad.length === 0) continue;
      const good = rows.filter((r) => values[r] <= limit.upperLimit).sort((a, b) => a - b); // summed in file order
      if (good.length === 0) {
        excludedCount++;
        if (!implausible.has(c)) implausible.set(c, { code: "implausible_value", column, values: bad.map((r) => values[r]), upper_limit: round(limit.upperLimit) });
        for (const r of bad) caught.add({ code: "c", id: table.id[r], period: periods[rows.indexOf(r)], from: values[r], to: null });
        continue;
      }
      const to = round(good.reduce((s, r) => s + values[r], 0) / good.length);
      for (const r of bad) {
        correctedCount++;
        corrected[name].set(r, to);
        table.corrections.add(r, table.corrections.kind(column, String(values[r]), String(to), "implausible_month"));
        caught.add({ code: "c", id: table.id[r], period: periods[rows.indexOf(r)], from: values[r], to });
      }
    }
    plausibility.push(plausibilityReport(column, name, "replace_month", limit, caught, correctedCount, excludedCount));
  }
  {
    const profit = numbersAt(tables.money, columnIndex("money", "Прибыль"));
    const limit = plausibilityLimit(Float64Array.from(active, (c) => profit[profitRow[c]]));
    const caught = new ExampleList<{ code: string; id: number; period: string | null; from: number; to: number | null }>();
    for (const c of active) {
      const value = profit[profitRow[c]];
      if (value <= limit.upperLimit) continue;
      caught.add({ code: "c", id: tables.market_file.id[c], period: null, from: value, to: null });
      if (!implausible.has(c)) implausible.set(c, { code: "implausible_value", column: "Прибыль", values: [value], upper_limit: Math.round(limit.upperLimit * 100) / 100 });
    }
    plausibility.push(plausibilityReport("Прибыль", "money", "exclude_customer", limit, caught, 0, caught.total));
  }
  for (const [c, reason] of implausible) excludeCustomer(state, customers, c, reason);
  return plausibility;
}

/** Every row of an excluded customer is excluded, with the customer's reason. */
function excludeRowsOfExcludedCustomers(state: Cleaning, customers: CustomerLevel): void {
  for (const name of EXPORT_NAMES) {
    for (let row = 0; row < state.tables[name].rows; row++) {
      if (state.excluded[name][row]) continue;
      const why = customers.exclusionOf[state.customerOf[name][row]];
      if (why >= 0) {
        const { id: _, ...reason } = customers.excluded[why];
        exclude(state, name, row, reason);
      }
    }
  }
}

/** Rare levels of the open category column are pooled (levels.ts), counted over the customers kept. */
function poolLevels(state: Cleaning, keptCustomerRows: Int32Array): PooledLevels | null {
  let pooledLevels: PooledLevels | null = null;
  for (const [column, known] of Object.entries(KNOWN_OPEN_VALUES)) {
    const k = columnIndex("market_file", column);
    const codes = state.tables.market_file.columns[k];
    const levels = state.tables.market_file.levels[k]!;
    const counts = new Int32Array(levels.length);
    for (const c of keptCustomerRows) counts[codes[c]]++;
    const pooled = poolRareLevels(column, levels, counts, known);
    if (pooled.report) {
      pooledLevels = pooled.report;
      state.tables.market_file = { ...state.tables.market_file, levels: state.tables.market_file.levels.map((l, i) => (i === k ? pooled.levels : l)) };
    }
  }
  return pooledLevels;
}

/** Each file's exclusions and corrections into its ledger. */
function finishFileLedgers(state: Cleaning): void {
  for (const name of EXPORT_NAMES) {
    const table = state.tables[name];
    const list = state.exclusions[name];
    Object.assign(state.files[name], { excluded: list.items, excluded_rows: list.total, excluded_by_code: list.byCode, kept: state.files[name].raw - list.total });
    // Corrections of rows that were excluded anyway are not worth reporting as corrections.
    state.files[name].corrected = table.corrections.grouped(state.excluded[name], table.line, table.id);
    state.files[name].corrected_rows = table.corrections.correctedRows(state.excluded[name]);
  }
}

/** The ledger: every file's rows, the customers, new and pooled levels, plausibility, copied customers; checked to add up. */
function ledgerOf(state: Cleaning, customers: CustomerLevel, merged: Customer[], plausibility: PlausibilityReport[], pooledLevels: PooledLevels | null): Ledger {
  const customerList = new ExampleList<CustomerExclusion>();
  for (const e of customers.excluded) customerList.add(e);
  const copies = findCopies(merged);
  const { files } = state;
  const ledger: Ledger = {
    files,
    customers: { raw: customers.rows.length, kept: merged.length, excluded: customerList.items, excluded_count: customerList.total, excluded_by_code: customerList.byCode },
    new_levels: findNewLevels(merged),
    pooled_levels: pooledLevels,
    plausibility,
    duplicate_customers: {
      code: "duplicate_customer",
      fields: COPY_FIELDS,
      count: copies.length,
      groups: new Set(copies.map((c) => c.copy_of)).size,
      rows: copies.slice(0, LEDGER_EXAMPLES).map((c) => ({ code: "duplicate_customer", ...c })),
    },
  };
  for (const level of ledger.new_levels) files.market_file.notes.push({ code: "new_level", ...level });
  if (pooledLevels) {
    const { column, levels, customers: count, into } = pooledLevels;
    files.market_file.notes.push({ code: "pooled_levels", column, levels, customers: count, into });
  }
  if (copies.length) files.market_file.notes.push({ code: "duplicate_customers", count: copies.length });
  assertLedgerReconciles(ledger);
  return ledger;
}

function plausibilityReport(
  column: string,
  name: ExportName,
  action: PlausibilityReport["action"],
  limit: PlausibilityLimit,
  caught: ExampleList<{ code: string; id: number; period: string | null; from: number; to: number | null }>,
  correctedCount: number,
  excludedCustomers: number,
): PlausibilityReport {
  const digits = name === "money" ? 100 : 10;
  return {
    column,
    file: EXPORT_SPECS[name].fileName,
    action,
    median: Math.round(limit.median * digits) / digits,
    mad: Math.round(limit.mad * digits) / digits,
    scale: Math.round(limit.scale * digits) / digits,
    scale_method: limit.scaleMethod,
    z_threshold: OUTLIER_Z,
    upper_limit: Math.round(limit.upperLimit * digits) / digits,
    caught_count: caught.total,
    corrected_count: correctedCount,
    excluded_customers: excludedCustomers,
    caught: caught.items.map(({ id, period, from, to }) => ({ id, period, from, to })),
  };
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
      if (!known.includes(value) && value !== POOLED_LEVEL) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    for (const [value, count] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) levels.push({ column, value, count });
  }
  return levels;
}

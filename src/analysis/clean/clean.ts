// Cleaning: from the four decoded exports to the merged customer table and a ledger that
// accounts for every raw row. Pure: takes texts, returns data; the caller does the I/O.

import { parseExport } from "../ingest/csv.js";
import { InputError } from "../ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../ingest/exports.js";
import type { DecodedText } from "../ingest/decode.js";
import { KNOWN_OPEN_VALUES } from "./canonical.js";
import { emptyFileLedger, assertLedgerReconciles, groupCorrections, type Correction, type FileLedger, type Ledger, type CustomerExclusion } from "./ledger.js";
import { typeRecords, type TypedRow } from "./typed-rows.js";
import { findRevenueOutliers, REVENUE_OUTLIER_Z } from "./outliers.js";
import { mergeCustomers } from "../features/merge.js";
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

export function cleanExports(texts: Readonly<Record<ExportName, DecodedText>>): CleanResult {
  const files = {} as Record<ExportName, FileLedger>;
  const rows = {} as Record<ExportName, TypedRow[]>;
  const corrections = Object.fromEntries(EXPORT_NAMES.map((n) => [n, [] as Correction[]])) as Record<ExportName, Correction[]>;
  for (const name of EXPORT_NAMES) {
    const spec = EXPORT_SPECS[name];
    const ledger = (files[name] = emptyFileLedger(spec.fileName));
    const { text, hadBom } = texts[name];
    const parsed = parseExport(spec, text);
    ledger.raw = parsed.records.length;
    ledger.blank_lines = parsed.blankLines;
    if (hadBom) ledger.notes.push("файл начинается с метки порядка байтов UTF-8 (BOM): она пропущена");
    if (parsed.reordered) ledger.notes.push("столбцы идут в другом порядке: сопоставлены по названиям");
    if (parsed.extraColumns.length) ledger.notes.push(`лишние столбцы не используются: ${parsed.extraColumns.join(", ")}`);
    rows[name] = typeRecords(name, parsed.records, corrections[name]);
  }

  // Row-level exclusions: exact duplicates and rows of ids unknown to the customer file.
  const excludedLines = new Map<ExportName, Set<number>>(EXPORT_NAMES.map((n) => [n, new Set()]));
  const exclude = (name: ExportName, row: TypedRow, code: string, reason: string) => {
    files[name].excluded.push({ line: row.line, id: row.id, code, reason });
    excludedLines.get(name)!.add(row.line);
  };
  const keyOf = (name: ExportName, row: TypedRow) => (name === "market_money" || name === "market_time" ? `${row.id}|${row.values["Период"]}` : `${row.id}`);
  for (const name of EXPORT_NAMES) {
    const seen = new Map<string, TypedRow>();
    for (const row of rows[name]) {
      const key = keyOf(name, row);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, row);
      } else if (JSON.stringify(first.values) === JSON.stringify(row.values)) {
        exclude(name, row, "duplicate_row", `точный дубликат строки ${first.line}`);
      } else {
        const what = name === "market_money" || name === "market_time" ? `id ${row.id} and period "${row.values["Период"]}"` : `id ${row.id}`;
        throw new InputError({
          file: EXPORT_SPECS[name].fileName,
          line: row.line,
          column: "id",
          value: String(row.id),
          expected: `one row per ${what}: line ${first.line} has the same key with different values, so neither can be trusted`,
        });
      }
    }
  }
  const customerRows = rows.market_file.filter((r) => !excludedLines.get("market_file")!.has(r.line));
  const customerIds = new Set(customerRows.map((r) => r.id));
  for (const name of EXPORT_NAMES.filter((n) => n !== "market_file")) {
    for (const row of rows[name]) {
      if (!customerIds.has(row.id) && !excludedLines.get(name)!.has(row.line)) {
        exclude(name, row, "unknown_id", "id нет в market_file.csv: строка не относится ни к одному покупателю");
      }
    }
  }
  const live = (name: ExportName) => rows[name].filter((r) => !excludedLines.get(name)!.has(r.line));

  // Customer-level exclusions: incomplete customers, then inactive ones (revenue 0 in some month).
  const revenue = indexByIdAndPeriod(live("market_money"));
  const minutes = indexByIdAndPeriod(live("market_time"));
  const profit = new Map(live("money").map((r) => [r.id, r]));
  const excludedCustomers: CustomerExclusion[] = [];
  for (const row of customerRows) {
    const missing = [
      ...REVENUE_PERIODS.filter((p) => !revenue.get(row.id)?.has(p)).map((p) => `выручки за ${p} в market_money.csv`),
      ...MINUTES_PERIODS.filter((p) => !minutes.get(row.id)?.has(p)).map((p) => `минут за ${p} в market_time.csv`),
      ...(profit.has(row.id) ? [] : ["прибыли в money.csv"]),
    ];
    if (missing.length) {
      excludedCustomers.push({ id: row.id, code: "incomplete_customer", reason: `неполные данные: нет ${missing.join(", ")}` });
    }
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
  const excludedIds = new Set(excludedCustomers.map((c) => c.id));
  for (const row of customerRows) {
    if (excludedIds.has(row.id)) continue;
    const zeroMonths = REVENUE_PERIODS.filter((p) => (revenue.get(row.id)!.get(p)!.values["Выручка"] as number) <= 0);
    if (zeroMonths.length) {
      excludedCustomers.push({ id: row.id, code: "inactive_customer", reason: `неактивный покупатель: нулевая выручка за ${zeroMonths.join(", ")}` });
      excludedIds.add(row.id);
    }
  }
  const exclusionById = new Map(excludedCustomers.map((c) => [c.id, c]));
  for (const name of EXPORT_NAMES) {
    for (const row of live(name)) {
      const why = exclusionById.get(row.id);
      if (why) exclude(name, row, why.code, `покупатель исключён — ${why.reason}`);
    }
  }

  // Revenue outliers among kept customers: corrected to the customer's own level, recorded.
  const keptRevenueRows = live("market_money");
  const outliers = findRevenueOutliers(keptRevenueRows);
  const corrected = new Map<number, number>(); // line → corrected revenue
  for (const o of outliers.caught) {
    corrected.set(o.line, o.to);
    corrections.market_money.push({
      line: o.line,
      id: o.id,
      column: "Выручка",
      from: String(o.from),
      to: String(o.to),
      rule: `выброс: дальше ${REVENUE_OUTLIER_Z} медианных отклонений от медианы; заменено средним за другие месяцы этого покупателя`,
    });
  }

  for (const name of EXPORT_NAMES) {
    files[name].kept = files[name].raw - files[name].excluded.length;
    // Corrections of rows that were excluded anyway are not worth reporting as corrections.
    const excluded = excludedLines.get(name)!;
    files[name].corrected = groupCorrections(corrections[name].filter((c) => !excluded.has(c.line)));
  }

  const keptCustomerRows = customerRows.filter((r) => !excludedIds.has(r.id));
  const customers = mergeCustomers(keptCustomerRows, revenue, minutes, profit, corrected);
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

export type RowsByIdAndPeriod = Map<number, Map<string, TypedRow>>;

function indexByIdAndPeriod(rows: readonly TypedRow[]): RowsByIdAndPeriod {
  const index: RowsByIdAndPeriod = new Map();
  for (const row of rows) {
    if (!index.has(row.id)) index.set(row.id, new Map());
    index.get(row.id)!.set(row.values["Период"] as string, row);
  }
  return index;
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

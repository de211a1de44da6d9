// The ledger accounts for every raw row of every export: kept (possibly corrected) or excluded with a reason.
// Its shape is the `ledger.json` artifact contract. It holds codes, numbers, ids, column names and the exports'
// own values, never sentences: the pages word them (src/components/ledger-words.ts).

import type { ExportName } from "../ingest/exports.js";
import type { ReadNote } from "../ingest/values.js";

/**
 * Why a value was corrected: a row of the mapping table (canonical.ts), whitespace trimmed, a number read with the
 * other decimal mark or a whole number written with a fractional part (ingest/values.ts), or an implausible month
 * replaced by the mean of the customer's other months (the column's rule is in `Ledger.plausibility`).
 */
export type CorrectionRule = "canonical_mapping" | "trimmed" | ReadNote | "implausible_month";

/** Corrections of one kind (same column, same old → new value, same rule), with every row they touched. */
export interface CorrectionGroup {
  readonly column: string;
  /** The value as written and as corrected; both null for the folded group of a rule's other values (beyond LEDGER_EXAMPLES kinds). */
  readonly from: string | null;
  readonly to: string | null;
  readonly rule: CorrectionRule;
  readonly count: number;
  readonly rows: { line: number; id: number | null }[];
}

/**
 * The corrections made in one export, in the order they were made (file order, then column order), as
 * two integers each: the row and the kind (column, old → new value, rule). 1M identical typo fixes
 * cost 8 MB here, not a million objects.
 */
export class CorrectionLog {
  private rows = new Int32Array(64);
  private kinds = new Int32Array(64);
  private length = 0;
  private readonly kindList: { column: string; from: string; to: string; rule: CorrectionRule }[] = [];
  private readonly kindIndex = new Map<string, number>();

  /** The id of a kind of correction (the same for the same column, old value, new value and rule). */
  kind(column: string, from: string, to: string, rule: CorrectionRule): number {
    const key = JSON.stringify([column, from, to, rule]);
    let kind = this.kindIndex.get(key);
    if (kind === undefined) {
      kind = this.kindList.push({ column, from, to, rule }) - 1;
      this.kindIndex.set(key, kind);
    }
    return kind;
  }

  add(row: number, kind: number): void {
    if (this.length === this.rows.length) {
      const rows = new Int32Array(2 * this.length);
      const kinds = new Int32Array(2 * this.length);
      rows.set(this.rows);
      kinds.set(this.kinds);
      this.rows = rows;
      this.kinds = kinds;
    }
    this.rows[this.length] = row;
    this.kinds[this.length++] = kind;
  }

  /**
   * Groups the corrections of rows that were kept (a correction of an excluded row is not worth reporting)
   * so 1300 identical typo fixes read as one line; groups in the order of their first kept correction, each
   * with its complete count and its first LEDGER_EXAMPLES rows. Beyond LEDGER_EXAMPLES kinds of one column and
   * rule (a decimal-mark fix of a million different values), the rest are one group (from and to null), so the
   * ledger stays small on any input.
   */
  grouped(excluded: Uint8Array, line: Int32Array, id: Float64Array): CorrectionGroup[] {
    const groups = new Map<number, { count: number; rows: { line: number; id: number | null }[] }>(); // by kind, or -1 - folded group
    const kindsPerRule = new Map<string, number>();
    const target = new Int32Array(this.kindList.length).fill(-2); // kind → its group key, once decided
    for (let i = 0; i < this.length; i++) {
      const row = this.rows[i];
      if (excluded[row]) continue;
      const kind = this.kinds[i];
      if (target[kind] === -2) {
        const { column, rule } = this.kindList[kind];
        const ruleKey = JSON.stringify([column, rule]);
        const seen = kindsPerRule.get(ruleKey) ?? 0;
        kindsPerRule.set(ruleKey, seen + 1);
        target[kind] = seen < LEDGER_EXAMPLES ? kind : -1 - this.ruleIndex(ruleKey);
      }
      const key = target[kind];
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { count: 0, rows: [] }));
      group.count++;
      if (group.rows.length < LEDGER_EXAMPLES) group.rows.push({ line: line[row], id: id[row] });
    }
    return [...groups].map(([key, { count, rows }]) => {
      if (key >= 0) return { ...this.kindList[key], count, rows };
      const [column, rule] = JSON.parse(this.ruleKeys[-1 - key]) as [string, CorrectionRule];
      return { column, from: null, to: null, rule, count, rows };
    });
  }

  /** Distinct rows with at least one correction, among the rows not excluded. */
  correctedRows(excluded: Uint8Array): number {
    const seen = new Set<number>();
    for (let i = 0; i < this.length; i++) if (!excluded[this.rows[i]]) seen.add(this.rows[i]);
    return seen.size;
  }

  private readonly ruleKeys: string[] = [];
  private ruleIndex(key: string): number {
    let k = this.ruleKeys.indexOf(key);
    if (k < 0) k = this.ruleKeys.push(key) - 1;
    return k;
  }
}

/** Example rows kept per correction group, per exclusion reason, per rule's catches: the ledger's size is bounded. */
export const LEDGER_EXAMPLES = 20;
/** A month (or the profit) a customer has no row for: the export, its value column and the period (null for money.csv). */
export interface MissingValue {
  readonly file: string;
  readonly column: string;
  readonly period: string | null;
}

/**
 * Why a customer was excluded, with what the reason needs: the months and files missing, the months without revenue
 * (the exports' period names), or the implausible values of one column ("Выручка", "минут": every month of the
 * customer; "Прибыль": the one value) and the limit they exceed, rounded as the column's report rounds it.
 */
export type CustomerExclusionReason =
  | { readonly code: "incomplete_customer"; readonly missing: readonly MissingValue[] }
  | { readonly code: "inactive_customer"; readonly zero_months: readonly string[] }
  | { readonly code: "implausible_value"; readonly column: string; readonly values: readonly number[]; readonly upper_limit: number };

/**
 * Why a row was excluded: an exact duplicate of an earlier line, an id unknown to market_file.csv, or (any other
 * code) its customer was excluded, for the customer's reason.
 */
export type RowExclusionReason = { readonly code: "duplicate_row"; readonly duplicate_of: number } | { readonly code: "unknown_id" } | CustomerExclusionReason;

export type ExclusionCode = RowExclusionReason["code"];

export type RowExclusion = { readonly line: number; readonly id: number | null } & RowExclusionReason;

/**
 * What reading and cleaning noticed about a file, as a code: a byte-order mark, columns in another order, extra
 * columns (by name), a new category level kept, rare levels pooled, customers that copy another one.
 */
export type FileNote =
  | { readonly code: "bom" }
  | { readonly code: "reordered_columns" }
  | { readonly code: "extra_columns"; readonly columns: readonly string[] }
  | { readonly code: "new_level"; readonly column: string; readonly value: string; readonly count: number }
  | { readonly code: "pooled_levels"; readonly column: string; readonly levels: number; readonly customers: number; readonly into: string }
  | { readonly code: "duplicate_customers"; readonly count: number };

export interface FileLedger {
  readonly file: string;
  /** Data rows (header and blank lines not counted). */
  raw: number;
  kept: number;
  blank_lines: number;
  /** Rows kept after a documented correction (a row may appear in several groups); example rows only. */
  corrected: CorrectionGroup[];
  /** Distinct kept rows with at least one correction. */
  corrected_rows: number;
  /** The first LEDGER_EXAMPLES excluded rows of each reason code, in file order. */
  excluded: RowExclusion[];
  /** All excluded rows, and how many for each reason code. */
  excluded_rows: number;
  excluded_by_code: Record<string, number>;
  /** File-level observations: BOM, reordered or extra columns, new and pooled category levels, copied customers. */
  notes: FileNote[];
}

export type CustomerExclusion = { readonly id: number } & CustomerExclusionReason;

export interface Ledger {
  files: Record<ExportName, FileLedger>;
  customers: {
    raw: number;
    kept: number;
    /** The first LEDGER_EXAMPLES excluded customers of each reason code. */
    excluded: CustomerExclusion[];
    excluded_count: number;
    excluded_by_code: Record<string, number>;
  };
  /** Category values never seen before that are common enough to stay their own level, flagged here. */
  new_levels: { column: string; value: string; count: number }[];
  /** Rare category levels pooled into one (see clean/levels.ts), or null when none was. */
  pooled_levels: PooledLevels | null;
  /** The plausibility rule of each money and time column as applied to this data (threshold and what it caught). */
  plausibility: PlausibilityReport[];
  /** Customers that copy another one (clean/duplicates.ts): kept, and kept on one side of every split. */
  duplicate_customers: DuplicateCustomers;
}

export interface PooledLevels {
  readonly column: string;
  readonly into: string;
  /** The rule's numbers (levels.ts): a new level needs this many customers, and a column keeps at most this many levels. */
  readonly min_customers: number;
  readonly max_levels: number;
  /** Levels pooled and their customers. */
  readonly levels: number;
  readonly customers: number;
  /** The first LEDGER_EXAMPLES pooled levels (most customers first). */
  readonly examples: { value: string; count: number }[];
}

export interface PlausibilityReport {
  /** Merged-table column(s) the rule covers, e.g. "Выручка" for the three revenue months. */
  readonly column: string;
  readonly file: string;
  /**
   * What is done with a caught value: a month is replaced by the mean of the customer's other plausible months (the
   * customer is excluded when none is), or the customer is excluded (one value per customer: the profit).
   */
  readonly action: "replace_month" | "exclude_customer";
  readonly median: number;
  readonly mad: number;
  readonly scale: number;
  readonly scale_method: "mad" | "iqr" | "floor";
  readonly z_threshold: number;
  readonly upper_limit: number;
  /** Values caught, how many were replaced, and how many customers were excluded for them. */
  readonly caught_count: number;
  readonly corrected_count: number;
  readonly excluded_customers: number;
  /** The first LEDGER_EXAMPLES catches: `to` is the replacement, or null when the customer was excluded. */
  readonly caught: { id: number; period: string | null; from: number; to: number | null }[];
}

export interface DuplicateCustomers {
  readonly code: "duplicate_customer";
  /** The rule: these merged-table fields are all equal to another customer's (duplicates.ts COPY_FIELDS). */
  readonly fields: readonly string[];
  /** Copies (not counting the records they copy), and groups (an original with its copies). */
  readonly count: number;
  readonly groups: number;
  /** The first LEDGER_EXAMPLES copies by id. */
  readonly rows: { code: "duplicate_customer"; id: number; copy_of: number; profit_differs: boolean }[];
}

/** Counts by reason code and the first LEDGER_EXAMPLES items of each: how exclusions are kept on any input. */
export class ExampleList<T extends { code: string }> {
  readonly items: T[] = [];
  readonly byCode: Record<string, number> = {};
  total = 0;

  add(item: T): void {
    const seen = this.byCode[item.code] ?? 0;
    this.byCode[item.code] = seen + 1;
    this.total++;
    if (seen < LEDGER_EXAMPLES) this.items.push(item);
  }
}

export function emptyFileLedger(file: string): FileLedger {
  return { file, raw: 0, kept: 0, blank_lines: 0, corrected: [], corrected_rows: 0, excluded: [], excluded_rows: 0, excluded_by_code: {}, notes: [] };
}

/** Checks the ledger's own arithmetic; a mismatch is a bug, never a data problem. */
export function assertLedgerReconciles(ledger: Ledger): void {
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);
  for (const [name, f] of Object.entries(ledger.files)) {
    if (f.raw !== f.kept + f.excluded_rows || f.excluded_rows !== sum(f.excluded_by_code)) {
      throw new Error(`ledger does not reconcile for ${name}: raw ${f.raw} ≠ kept ${f.kept} + excluded ${f.excluded_rows}`);
    }
  }
  const c = ledger.customers;
  if (c.raw !== c.kept + c.excluded_count || c.excluded_count !== sum(c.excluded_by_code)) {
    throw new Error(`ledger does not reconcile for customers: raw ${c.raw} ≠ kept ${c.kept} + excluded ${c.excluded_count}`);
  }
}

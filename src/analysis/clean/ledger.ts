// The ledger accounts for every raw row of every export: kept (possibly corrected) or excluded with a reason.
// Its shape is the `ledger.json` artifact contract.

import type { ExportName } from "../ingest/exports.js";

/** Corrections of one kind (same column, same old → new value, same rule), with every row they touched. */
export interface CorrectionGroup {
  readonly column: string;
  readonly from: string;
  readonly to: string;
  readonly rule: string;
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
  private readonly kindList: { column: string; from: string; to: string; rule: string }[] = [];
  private readonly kindIndex = new Map<string, number>();

  /** The id of a kind of correction (the same for the same column, old value, new value and rule). */
  kind(column: string, from: string, to: string, rule: string): number {
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
   * so 1300 identical typo fixes read as one line; groups in the order of their first kept correction.
   */
  grouped(excluded: Uint8Array, line: Int32Array, id: Float64Array): CorrectionGroup[] {
    const byKind = new Map<number, { line: number; id: number | null }[]>();
    for (let i = 0; i < this.length; i++) {
      const row = this.rows[i];
      if (excluded[row]) continue;
      let rows = byKind.get(this.kinds[i]);
      if (!rows) byKind.set(this.kinds[i], (rows = []));
      rows.push({ line: line[row], id: id[row] });
    }
    return [...byKind].map(([kind, rows]) => ({ ...this.kindList[kind], count: rows.length, rows }));
  }
}

export interface RowExclusion {
  readonly line: number;
  readonly id: number | null;
  /** Stable machine code, e.g. "inactive_customer". */
  readonly code: string;
  /** Human-readable reason (Russian: it is shown on the data page). */
  readonly reason: string;
}

export interface FileLedger {
  readonly file: string;
  /** Data rows (header and blank lines not counted). */
  raw: number;
  kept: number;
  blank_lines: number;
  /** Rows kept after a documented correction (a row may appear in several groups). */
  corrected: CorrectionGroup[];
  excluded: RowExclusion[];
  /** File-level observations: BOM, reordered or extra columns, new category levels. */
  notes: string[];
}

export interface CustomerExclusion {
  readonly id: number;
  readonly code: string;
  readonly reason: string;
}

export interface Ledger {
  files: Record<ExportName, FileLedger>;
  customers: { raw: number; kept: number; excluded: CustomerExclusion[] };
  /** Category values never seen before: passed through as their own level, flagged here. */
  new_levels: { column: string; value: string; count: number }[];
  /** The revenue outlier rule as applied to this data (threshold and what it caught). */
  outlier_rule: OutlierRuleReport;
}

export interface OutlierRuleReport {
  readonly description: string;
  readonly median: number;
  readonly mad: number;
  readonly z_threshold: number;
  readonly upper_limit: number;
  readonly caught: { id: number; period: string; from: number; to: number }[];
}

export function emptyFileLedger(file: string): FileLedger {
  return { file, raw: 0, kept: 0, blank_lines: 0, corrected: [], excluded: [], notes: [] };
}

/** Checks the ledger's own arithmetic; a mismatch is a bug, never a data problem. */
export function assertLedgerReconciles(ledger: Ledger): void {
  for (const [name, f] of Object.entries(ledger.files)) {
    if (f.raw !== f.kept + f.excluded.length) {
      throw new Error(`ledger does not reconcile for ${name}: raw ${f.raw} ≠ kept ${f.kept} + excluded ${f.excluded.length}`);
    }
  }
  const c = ledger.customers;
  if (c.raw !== c.kept + c.excluded.length) {
    throw new Error(`ledger does not reconcile for customers: raw ${c.raw} ≠ kept ${c.kept} + excluded ${c.excluded.length}`);
  }
}

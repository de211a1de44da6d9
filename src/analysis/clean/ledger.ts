// The ledger accounts for every raw row of every export: kept (possibly corrected) or excluded with a reason.
// Its shape is the `ledger.json` artifact contract.

import type { ExportName } from "../ingest/exports.js";

export interface Correction {
  readonly line: number;
  readonly id: number | null;
  readonly column: string;
  readonly from: string;
  readonly to: string;
  /** Human-readable rule (Russian: it is shown on the data page). */
  readonly rule: string;
}

/** Corrections of one kind (same column, same old → new value, same rule), with every row they touched. */
export interface CorrectionGroup {
  readonly column: string;
  readonly from: string;
  readonly to: string;
  readonly rule: string;
  readonly count: number;
  readonly rows: { line: number; id: number | null }[];
}

/** Groups per-row corrections so 1300 identical typo fixes read as one line, in first-seen order. */
export function groupCorrections(corrections: readonly Correction[]): CorrectionGroup[] {
  const groups = new Map<string, { column: string; from: string; to: string; rule: string; rows: { line: number; id: number | null }[] }>();
  for (const c of corrections) {
    const key = JSON.stringify([c.column, c.from, c.to, c.rule]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { column: c.column, from: c.from, to: c.to, rule: c.rule, rows: [] }));
    group.rows.push({ line: c.line, id: c.id });
  }
  return [...groups.values()].map((g) => ({ column: g.column, from: g.from, to: g.to, rule: g.rule, count: g.rows.length, rows: g.rows }));
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

// What the pages load. A page never needs every customer as a JavaScript object: at a million customers
// that is hundreds of megabytes. The data page shows a preview of the merged table, the importance page
// the SHAP values of an evenly spread sample; both say when they show only part. At the study's size
// (1297 customers) the samples are the whole table, so nothing changes.

import type { Customer } from "../schema.js";
import type { FileLedger, Ledger } from "../clean/ledger.js";
import type { ExportName } from "../ingest/exports.js";
import type { ShapArtifact } from "../explain/artifact.js";
import { evenSample } from "../explain/report.js";
import { roundSignificant } from "../stats/rounding.js";

/** Most customers a page loads as rows. */
export const PAGE_ROWS = 2000;

export interface PageSample {
  size: number;
  of: number;
  rule: string;
}

export interface CustomersPreview {
  /** Customers in the merged table. */
  total: number;
  columns: string[];
  /** The first PAGE_ROWS customers by id. */
  rows: Customer[];
  sample: PageSample | null;
}

export function customersPreview(customers: readonly Customer[]): CustomersPreview {
  const byId = [...customers].sort((a, b) => a.id - b.id);
  const rows = byId.slice(0, PAGE_ROWS);
  return {
    total: customers.length,
    columns: Object.keys(customers[0] ?? {}),
    rows,
    sample: rows.length < customers.length ? { size: rows.length, of: customers.length, rule: "первые покупатели по номеру" } : null,
  };
}

export interface ShapPage extends ShapArtifact {
  /** The chosen model's P(«Снизилась») for each of `ids`, full precision (the what-if check compares against it). */
  p: number[];
  /** The sampled customers' rows, for the what-if's starting values. */
  customers: Customer[];
  page_sample: PageSample | null;
}

/** The SHAP artifact cut to an even sample of the explained customers, with their rows and build scores. */
export function shapForPage(shap: ShapArtifact, customers: readonly Customer[], scoreOf: ReadonlyMap<number, number>): ShapPage {
  const positions = new Map(shap.ids.map((id, i) => [id, i]));
  // When not everyone is explained, the explained set leans to the default segment; its even part represents everyone.
  const pool = shap.sample?.representative_ids ?? shap.ids;
  const ids = evenSample(pool.map((id) => ({ id })), PAGE_ROWS).map((r) => r.id);
  const rowOf = new Map(customers.map((c) => [c.id, c]));
  const at = (id: number) => positions.get(id)!;
  return {
    ...shap,
    ids,
    base_values: ids.map((id) => shap.base_values[at(id)]),
    values: ids.map((id) => shap.values[at(id)]),
    feature_values: ids.map((id) => shap.feature_values[at(id)]),
    p: ids.map((id) => {
      const p = scoreOf.get(id);
      if (p === undefined) throw new Error(`customer ${id} has SHAP values but no model score`);
      return p;
    }),
    customers: ids.map((id) => rowOf.get(id)!),
    page_sample:
      ids.length < shap.ids.length
        ? { size: ids.length, of: pool.length, rule: shap.sample?.representative_ids ? "каждый k-й покупатель по номеру из равномерной части выборки" : "каждый k-й объяснённый покупатель по номеру" }
        : null,
  };
}

export interface FamilyImportance {
  model: ShapArtifact["model"];
  features: string[];
  /** Mean |SHAP| of each feature over the customers explained for this family. */
  mean_abs: number[];
  /** Which customers were explained (null: all). */
  sample: { size: number; of: number; rule: string } | null;
}

/** The family comparison as the page draws it: one mean |SHAP| per feature and family, not every customer's values. */
export function familiesForPage(families: readonly { sample: FamilyImportance["sample"]; artifact: ShapArtifact }[]): FamilyImportance[] {
  return families.map(({ sample, artifact }) => {
    const n = artifact.ids.length;
    const sums = new Float64Array(artifact.features.length);
    for (const row of artifact.values) for (let j = 0; j < row.length; j++) sums[j] += Math.abs(row[j]);
    return { model: artifact.model, features: artifact.features, mean_abs: Array.from(sums, (s) => roundSignificant(s / n, 10)), sample };
  });
}

/** Rows listed per correction group on the pages (the count is always complete; ledger.json lists every row). */
export const LEDGER_ROWS_PER_GROUP = 20;
/** Exclusions listed per file and for customers on the pages (counts by reason are always complete). */
export const LEDGER_EXCLUSIONS_SHOWN = 500;
/** Example customer ids per exclusion reason. */
export const LEDGER_EXAMPLES_PER_CODE = 20;

export type PageFileLedger = FileLedger & {
  /** Distinct rows with at least one correction (a row may be in several groups). */
  corrected_rows: number;
  /** All excluded rows, and how many for each reason code; `excluded` lists the first LEDGER_EXCLUSIONS_SHOWN. */
  excluded_rows: number;
  excluded_by_code: Record<string, number>;
};
export type PageLedger = Omit<Ledger, "files" | "customers"> & {
  files: Record<ExportName, PageFileLedger>;
  customers: Ledger["customers"] & {
    excluded_count: number;
    excluded_by_code: Record<string, number>;
    /** The first LEDGER_EXAMPLES_PER_CODE excluded ids of each reason (the list above may hold none of a rarer one). */
    excluded_examples: Record<string, number[]>;
  };
};

function examplesByCode(rows: readonly { code: string; id: number }[]): Record<string, number[]> {
  const examples: Record<string, number[]> = {};
  for (const r of rows) {
    const list = (examples[r.code] ??= []);
    if (list.length < LEDGER_EXAMPLES_PER_CODE) list.push(r.id);
  }
  return examples;
}

function countByCode(rows: readonly { code: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.code] = (counts[r.code] ?? 0) + 1;
  return counts;
}

/**
 * The ledger as the pages load it: every count, but at most LEDGER_ROWS_PER_GROUP example rows per correction
 * group and LEDGER_EXCLUSIONS_SHOWN exclusions per list. Both grow with the data (a typo in every row of a
 * million-customer export lists a million rows in ledger.json, which keeps them all).
 */
export function ledgerForPage(ledger: Ledger): PageLedger {
  const files = Object.fromEntries(
    Object.entries(ledger.files).map(([name, f]) => {
      const lines = new Set<number>();
      for (const g of f.corrected) for (const r of g.rows) lines.add(r.line);
      const page: PageFileLedger = {
        ...f,
        corrected: f.corrected.map((g) => ({ ...g, rows: g.rows.slice(0, LEDGER_ROWS_PER_GROUP) })),
        corrected_rows: lines.size,
        excluded: f.excluded.slice(0, LEDGER_EXCLUSIONS_SHOWN),
        excluded_rows: f.excluded.length,
        excluded_by_code: countByCode(f.excluded),
      };
      return [name, page];
    }),
  ) as Record<ExportName, PageFileLedger>;
  const { excluded } = ledger.customers;
  return {
    ...ledger,
    files,
    customers: {
      ...ledger.customers,
      excluded: excluded.slice(0, LEDGER_EXCLUSIONS_SHOWN),
      excluded_count: excluded.length,
      excluded_by_code: countByCode(excluded),
      excluded_examples: examplesByCode(excluded),
    },
  };
}

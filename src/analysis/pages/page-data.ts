// What the pages load. A page never needs every customer as a JavaScript object: at a million customers
// that is hundreds of megabytes. The data page shows a preview of the merged table, the importance page
// the SHAP values of an evenly spread sample; both say when they show only part. At the study's size
// (1297 customers) the samples are the whole table, so nothing changes.

import type { Customer } from "../schema.js";
import { LEDGER_EXAMPLES, type FileLedger, type Ledger } from "../clean/ledger.js";
import type { ShapArtifact } from "../explain/artifact.js";
import { evenSample } from "../stats/even-sample.js";
import { roundSignificant } from "../stats/rounding.js";

/** Most customers a page loads as rows. */
export const PAGE_ROWS = 2000;

/**
 * The rows a page loads when not all: how many of how many, and which (the page words it,
 * src/components/sample-words.ts): the first customers by id, an even sample by id of the even part of the
 * explained customers, or of all explained customers.
 */
export interface PageSample {
  size: number;
  of: number;
  kind: "first_by_id" | "even_of_representative" | "even_of_explained";
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
    sample: rows.length < customers.length ? { size: rows.length, of: customers.length, kind: "first_by_id" } : null,
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
        ? { size: ids.length, of: pool.length, kind: shap.sample?.representative_ids ? "even_of_representative" : "even_of_explained" }
        : null,
  };
}

export interface FamilyImportance {
  model: ShapArtifact["model"];
  features: string[];
  /** Mean |SHAP| of each feature over the customers explained for this family. */
  mean_abs: number[];
  /** Which customers were explained (null: all). */
  sample: { size: number; of: number } | null;
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

/** Example customer ids per exclusion reason (the ledger keeps LEDGER_EXAMPLES of each). */
export const LEDGER_EXAMPLES_PER_CODE = LEDGER_EXAMPLES;

export type PageFileLedger = FileLedger;
export type PageLedger = Omit<Ledger, "customers"> & {
  customers: Ledger["customers"] & {
    /** The first LEDGER_EXAMPLES_PER_CODE excluded ids of each reason. */
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

/**
 * The ledger as the pages load it. The ledger itself is bounded (counts by reason, the first LEDGER_EXAMPLES rows
 * of each reason and correction group: clean/ledger.ts), so the page gets all of it plus example ids by reason.
 */
export function ledgerForPage(ledger: Ledger): PageLedger {
  return { ...ledger, customers: { ...ledger.customers, excluded_examples: examplesByCode(ledger.customers.excluded) } };
}

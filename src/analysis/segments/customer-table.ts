// The one table the browser queries with DuckDB-WASM: per customer, every feature, revenue and
// minutes by month, profit, the honest probability of decrease, risk band, segment, the top three
// SHAP drivers and the recommended offers, one row per customer in order of expected loss (see
// orderByExpectedLoss). Columns get short ASCII names so analysts' SQL stays
// readable; CUSTOMER_TABLE_COLUMNS (customer-columns.ts) maps each back to the merged table's column for
// labels and says how it is stored in the Arrow file.

import type { Customer } from "../schema.js";
import { CUSTOMER_TABLE_COLUMNS } from "./customer-columns.js";
import type { RankedOffer } from "./offers.js";
import { riskBand, segmentOf, type SegmentDefaults } from "./segments.js";

export { CUSTOMER_TABLE_COLUMNS, type ColumnType } from "./customer-columns.js";

export type CustomerTableColumn = keyof typeof CUSTOMER_TABLE_COLUMNS;
export type CustomerTable = Record<CustomerTableColumn, (number | string | null)[]>;

export interface CustomerTableInputs {
  customers: readonly Customer[];
  /** train / test: the model search's split; scored: outside the sample the search ran on. */
  predictions: ReadonlyMap<number, { p: number; set: "train" | "test" | "scored" }>;
  /** Per customer: SHAP value per original feature (same order as `features`). */
  shap: { features: readonly string[]; values: ReadonlyMap<number, readonly number[]> };
  offers: ReadonlyMap<number, readonly RankedOffer[]>;
  defaults: SegmentDefaults;
}

export function buildCustomerTable({ customers, predictions, shap, offers, defaults }: CustomerTableInputs): CustomerTable {
  const table = Object.fromEntries(Object.keys(CUSTOMER_TABLE_COLUMNS).map((k) => [k, [] as (number | string | null)[]])) as CustomerTable;
  for (const c of customers) {
    for (const [column, [source]] of Object.entries(CUSTOMER_TABLE_COLUMNS)) {
      if (source) table[column as CustomerTableColumn].push(c[source as keyof Customer]);
    }
    const prediction = predictions.get(c.id);
    if (!prediction) throw new Error(`no prediction for customer ${c.id}`);
    table.p.push(prediction.p);
    table.sample.push(prediction.set); // a code: train (out of fold), test, scored (outside the sample the search ran on)
    table.risk_band.push(riskBand(prediction.p));
    table.segment.push(segmentOf(prediction.p, c.Прибыль, defaults));
    const values = shap.values.get(c.id);
    const drivers = values
      ? values
          .map((value, i) => ({ feature: shap.features[i], value }))
          .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.feature < b.feature ? -1 : 1))
          .slice(0, 3)
      : [];
    for (let k = 0; k < 3; k++) {
      table[`driver${k + 1}` as CustomerTableColumn].push(drivers[k]?.feature ?? null);
      table[`driver${k + 1}_shap` as CustomerTableColumn].push(drivers[k]?.value ?? null);
    }
    const ranked = offers.get(c.id) ?? [];
    table.offer1.push(ranked[0]?.type ?? null);
    table.offer1_drop.push(ranked[0]?.expected_drop ?? null);
    table.offers.push(ranked.map((o) => o.type).join(", "));
    table.offer_count.push(ranked.length);
  }
  return orderByExpectedLoss(table);
}

/**
 * The rows in order of expected loss — probability of decrease × monthly profit, highest first, then
 * by id. The browser relies on it: the first rows of the table that match a filter are the segment's
 * most valuable customers, so DuckDB finds them without sorting (LIMIT stops the scan early).
 */
export function orderByExpectedLoss(table: CustomerTable): CustomerTable {
  const loss = table.p.map((p, i) => (p as number) * (table.profit[i] as number));
  const order = Array.from(loss, (_, i) => i).sort((a, b) => loss[b] - loss[a] || (table.id[a] as number) - (table.id[b] as number));
  return Object.fromEntries(Object.entries(table).map(([name, values]) => [name, order.map((i) => values[i])])) as CustomerTable;
}

// The one table the browser queries with DuckDB-WASM: per customer, every feature, revenue and
// minutes by month, profit, the honest probability of decrease, risk band, segment, the top three
// SHAP drivers and the recommended offers. Columns get short ASCII names so analysts' SQL stays
// readable; SOURCE_COLUMN maps each back to the merged table's column for labels.

import { MINUTES_COLUMNS, REVENUE_COLUMNS, type Customer } from "../schema.js";
import type { RankedOffer } from "./offers.js";
import { riskBand, segmentOf, type SegmentDefaults } from "./segments.js";

export type ColumnType = "int32" | "float64" | "category";

/** Browser column → [merged-table column (or "" for derived ones), type]. */
export const CUSTOMER_TABLE_COLUMNS = {
  id: ["id", "int32"],
  activity: ["Покупательская активность", "category"],
  service: ["Тип сервиса", "category"],
  consent: ["Разрешить сообщать", "category"],
  market_6m: ["Маркет_актив_6_мес", "float64"],
  market_cur: ["Маркет_актив_тек_мес", "int32"],
  tenure_days: ["Длительность", "int32"],
  promo_share: ["Акционные_покупки", "float64"],
  category: ["Популярная_категория", "category"],
  categories_per_visit: ["Средний_просмотр_категорий_за_визит", "int32"],
  unpaid_items: ["Неоплаченные_продукты_штук_квартал", "int32"],
  service_errors: ["Ошибка_сервиса", "int32"],
  pages_per_visit: ["Страниц_за_визит", "int32"],
  revenue_m2: [REVENUE_COLUMNS.препредыдущий_месяц, "float64"],
  revenue_m1: [REVENUE_COLUMNS.предыдущий_месяц, "float64"],
  revenue_m0: [REVENUE_COLUMNS.текущий_месяц, "float64"],
  minutes_m1: [MINUTES_COLUMNS.предыдущий_месяц, "int32"],
  minutes_m0: [MINUTES_COLUMNS.текущий_месяц, "int32"],
  profit: ["Прибыль", "float64"],
  p: ["", "float64"],
  sample: ["", "category"],
  risk_band: ["", "category"],
  segment: ["", "category"],
  driver1: ["", "category"],
  driver1_shap: ["", "float64"],
  driver2: ["", "category"],
  driver2_shap: ["", "float64"],
  driver3: ["", "category"],
  driver3_shap: ["", "float64"],
  offer1: ["", "category"],
  offer1_drop: ["", "float64"],
  offers: ["", "category"],
  offer_count: ["", "int32"],
} as const satisfies Record<string, readonly [string, ColumnType]>;

export type CustomerTableColumn = keyof typeof CUSTOMER_TABLE_COLUMNS;
export type CustomerTable = Record<CustomerTableColumn, (number | string | null)[]>;

export interface CustomerTableInputs {
  customers: readonly Customer[];
  predictions: ReadonlyMap<number, { p: number; set: "train" | "test" }>;
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
    table.sample.push(prediction.set === "train" ? "обучение (вне фолда)" : "тест");
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
  return table;
}

// The columns of the browser's customer table and how each is stored, without any dependency, so the
// segments page can import the list without pulling in the analysis code that builds the table
// (customer-table.ts, which re-exports it).

import { MINUTES_COLUMNS, REVENUE_COLUMNS } from "../schema.js";

/**
 * How a column is stored in the Arrow file (src/io/arrow.ts), compact so that a million customers stay
 * small on the wire and in DuckDB-WASM:
 * - "int": exact integers in the smallest signed type that holds every value (Int8, Int16 or Int32);
 * - "float32": values with at most about seven significant digits (two-decimal money, one-decimal
 *   revenue, probabilities, SHAP values), which the pages show with at most four; compare them with a
 *   threshold cast to FLOAT in SQL (`p >= CAST(? AS FLOAT)`), so a value equal to the threshold in the
 *   analysis stays equal in the browser;
 * - "float64": full precision (none today; kept for columns that need it);
 * - "category": dictionary-encoded strings (Int8/Int16/Int32 indices, levels sorted).
 */
export type ColumnType = "int" | "float32" | "float64" | "category";

/** Browser column → [merged-table column (or "" for derived ones), type]. */
export const CUSTOMER_TABLE_COLUMNS = {
  id: ["id", "int"],
  activity: ["Покупательская активность", "category"],
  service: ["Тип сервиса", "category"],
  consent: ["Разрешить сообщать", "category"],
  market_6m: ["Маркет_актив_6_мес", "float32"],
  market_cur: ["Маркет_актив_тек_мес", "int"],
  tenure_days: ["Длительность", "int"],
  promo_share: ["Акционные_покупки", "float32"],
  category: ["Популярная_категория", "category"],
  categories_per_visit: ["Средний_просмотр_категорий_за_визит", "int"],
  unpaid_items: ["Неоплаченные_продукты_штук_квартал", "int"],
  service_errors: ["Ошибка_сервиса", "int"],
  pages_per_visit: ["Страниц_за_визит", "int"],
  revenue_m2: [REVENUE_COLUMNS.препредыдущий_месяц, "float32"],
  revenue_m1: [REVENUE_COLUMNS.предыдущий_месяц, "float32"],
  revenue_m0: [REVENUE_COLUMNS.текущий_месяц, "float32"],
  minutes_m1: [MINUTES_COLUMNS.предыдущий_месяц, "int"],
  minutes_m0: [MINUTES_COLUMNS.текущий_месяц, "int"],
  profit: ["Прибыль", "float32"],
  p: ["", "float32"],
  sample: ["", "category"],
  risk_band: ["", "category"],
  segment: ["", "category"],
  driver1: ["", "category"],
  driver1_shap: ["", "float32"],
  driver2: ["", "category"],
  driver2_shap: ["", "float32"],
  driver3: ["", "category"],
  driver3_shap: ["", "float32"],
  offer1: ["", "category"],
  offer1_drop: ["", "float32"],
  offers: ["", "category"],
  offer_count: ["", "int"],
} as const satisfies Record<string, readonly [string, ColumnType]>;

// Merges the kept rows of the four exports into one row per customer (the merged table).

import { levelAt, numbersAt, type ExportTable } from "./columns.js";
import { EXPORT_SPECS, type ExportName } from "../ingest/exports.js";
import { MARKET_FILE_NUMERIC, MINUTES_PERIODS, REVENUE_PERIODS, type Customer, type MarketFileNumeric, type TargetClass } from "../schema.js";

export interface MergeInput {
  readonly tables: Readonly<Record<ExportName, ExportTable>>;
  /** Rows of market_file.csv to merge, one per customer, in output order. */
  readonly customerRows: Int32Array;
  /** For the customer at market_file row c: the revenue row of period p at [c × 3 + p] (periods as in REVENUE_PERIODS). */
  readonly revenueRow: Int32Array;
  /** Likewise the minutes row at [c × 2 + p] (MINUTES_PERIODS), and the profit row at [c]. */
  readonly minutesRow: Int32Array;
  readonly profitRow: Int32Array;
  /** Revenue rows whose value was corrected (outliers), and the value to use. */
  readonly correctedRevenue: ReadonlyMap<number, number>;
  /** Likewise minutes rows. */
  readonly correctedMinutes?: ReadonlyMap<number, number>;
}

/** Index of a column in its export's spec (and so in ExportTable.columns). */
export function columnIndex(name: ExportName, column: string): number {
  const k = EXPORT_SPECS[name].columns.findIndex((c) => c.name === column);
  if (k < 0) throw new Error(`no column ${column} in ${name}`);
  return k;
}

export function mergeCustomers({ tables, customerRows, revenueRow, minutesRow, profitRow, correctedRevenue, correctedMinutes }: MergeInput): Customer[] {
  const file = tables.market_file;
  const num = (column: string) => numbersAt(file, columnIndex("market_file", column));
  const text = (column: string) => {
    const k = columnIndex("market_file", column);
    return (row: number) => levelAt(file, k, row);
  };
  const target = text("Покупательская активность");
  const service = text("Тип сервиса");
  const consent = text("Разрешить сообщать");
  const category = text("Популярная_категория");
  const numeric = Object.fromEntries(MARKET_FILE_NUMERIC.map(({ name }) => [name, num(name)])) as Record<MarketFileNumeric, Float64Array>;
  const revenue = numbersAt(tables.market_money, columnIndex("market_money", "Выручка"));
  const minutes = numbersAt(tables.market_time, columnIndex("market_time", "минут"));
  const profit = numbersAt(tables.money, columnIndex("money", "Прибыль"));
  const R = REVENUE_PERIODS.length;
  const M = MINUTES_PERIODS.length;
  const revenueOf = (c: number, p: number) => {
    const row = revenueRow[c * R + p];
    return correctedRevenue.get(row) ?? revenue[row];
  };
  const minutesOf = (c: number, p: number) => {
    const row = minutesRow[c * M + p];
    return correctedMinutes?.get(row) ?? minutes[row];
  };

  const customers: Customer[] = new Array(customerRows.length);
  for (let i = 0; i < customerRows.length; i++) {
    const c = customerRows[i];
    // One literal, keys in the artifact's column order: every customer gets the same shape.
    customers[i] = {
      id: file.id[c],
      "Покупательская активность": target(c) as TargetClass,
      "Тип сервиса": service(c),
      "Разрешить сообщать": consent(c),
      Маркет_актив_6_мес: numeric.Маркет_актив_6_мес[c],
      Маркет_актив_тек_мес: numeric.Маркет_актив_тек_мес[c],
      Длительность: numeric.Длительность[c],
      Акционные_покупки: numeric.Акционные_покупки[c],
      Популярная_категория: category(c),
      Средний_просмотр_категорий_за_визит: numeric.Средний_просмотр_категорий_за_визит[c],
      Неоплаченные_продукты_штук_квартал: numeric.Неоплаченные_продукты_штук_квартал[c],
      Ошибка_сервиса: numeric.Ошибка_сервиса[c],
      Страниц_за_визит: numeric.Страниц_за_визит[c],
      Выручка_препредыдущий_месяц: revenueOf(c, 0),
      Выручка_предыдущий_месяц: revenueOf(c, 1),
      Выручка_текущий_месяц: revenueOf(c, 2),
      Минут_предыдущий_месяц: minutesOf(c, 0),
      Минут_текущий_месяц: minutesOf(c, 1),
      Прибыль: profit[profitRow[c]],
    };
  }
  return customers;
}

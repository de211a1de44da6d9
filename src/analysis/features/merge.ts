// Merges the kept rows of the four exports into one row per customer (the merged table).

import type { TypedRow } from "../clean/typed-rows.js";
import { MINUTES_COLUMNS, MINUTES_PERIODS, REVENUE_COLUMNS, REVENUE_PERIODS, type Customer, type TargetClass } from "../schema.js";

export function mergeCustomers(
  customerRows: readonly TypedRow[],
  revenue: ReadonlyMap<number, ReadonlyMap<string, TypedRow>>,
  minutes: ReadonlyMap<number, ReadonlyMap<string, TypedRow>>,
  profit: ReadonlyMap<number, TypedRow>,
  correctedRevenueByLine: ReadonlyMap<number, number>,
): Customer[] {
  return customerRows.map((row) => {
    const v = row.values;
    const customer = {
      id: row.id,
      "Покупательская активность": v["Покупательская активность"] as TargetClass,
      "Тип сервиса": v["Тип сервиса"] as string,
      "Разрешить сообщать": v["Разрешить сообщать"] as string,
      Маркет_актив_6_мес: v["Маркет_актив_6_мес"] as number,
      Маркет_актив_тек_мес: v["Маркет_актив_тек_мес"] as number,
      Длительность: v["Длительность"] as number,
      Акционные_покупки: v["Акционные_покупки"] as number,
      Популярная_категория: v["Популярная_категория"] as string,
      Средний_просмотр_категорий_за_визит: v["Средний_просмотр_категорий_за_визит"] as number,
      Неоплаченные_продукты_штук_квартал: v["Неоплаченные_продукты_штук_квартал"] as number,
      Ошибка_сервиса: v["Ошибка_сервиса"] as number,
      Страниц_за_визит: v["Страниц_за_визит"] as number,
    } as Customer;
    for (const period of REVENUE_PERIODS) {
      const r = revenue.get(row.id)!.get(period)!;
      customer[REVENUE_COLUMNS[period]] = correctedRevenueByLine.get(r.line) ?? (r.values["Выручка"] as number);
    }
    for (const period of MINUTES_PERIODS) customer[MINUTES_COLUMNS[period]] = minutes.get(row.id)!.get(period)!.values["минут"] as number;
    customer.Прибыль = profit.get(row.id)!.values["Прибыль"] as number;
    return customer;
  });
}

// The data-derived thresholds the offer rules use (quartiles of each lever), computed at build time.

import type { Customer } from "../schema.js";
import { quantile } from "../stats/describe.js";
import type { NumericLever, OfferContext } from "./offers.js";

export function offerContext(customers: readonly Customer[]): OfferContext {
  const levers: NumericLever[] = [
    "Неоплаченные_продукты_штук_квартал",
    "Акционные_покупки",
    "Страниц_за_визит",
    "Средний_просмотр_категорий_за_визит",
    "Ошибка_сервиса",
    "Минут_текущий_месяц",
    "Маркет_актив_тек_мес",
  ];
  const quantiles = {} as Record<NumericLever, { q25: number; median: number; q75: number }>;
  for (const lever of levers) {
    const values = customers.map((c) => c[lever]);
    quantiles[lever] = { q25: quantile(values, 0.25), median: quantile(values, 0.5), q75: quantile(values, 0.75) };
  }
  return { quantiles };
}

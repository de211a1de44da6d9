// The data-derived thresholds the offer rules use (quartiles of each lever), computed at build time.

import { quantileSorted } from "d3";
import type { Customer } from "../schema.js";
import type { NumericLever, OfferContext } from "./offers.js";

/**
 * Quartiles and median of every lever over all customers, with stats/describe.ts quantile's definition (linear
 * interpolation over the sorted finite values, numpy's default): one typed sort per lever, not one per quantile.
 */
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
  const values = new Float64Array(customers.length);
  for (const lever of levers) {
    let n = 0;
    for (const c of customers) {
      const v = c[lever];
      if (Number.isFinite(v)) values[n++] = v;
    }
    const sorted = values.subarray(0, n).sort();
    const at = (p: number) => (n === 0 ? NaN : (quantileSorted(sorted as unknown as number[], p) ?? NaN));
    quantiles[lever] = { q25: at(0.25), median: at(0.5), q75: at(0.75) };
  }
  return { quantiles };
}

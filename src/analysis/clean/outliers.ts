// The revenue outlier rule. A monthly revenue is an outlier when it lies more than
// REVENUE_OUTLIER_Z robust standard deviations (1.4826 × MAD) above the median of all monthly
// revenues of active customers. The median and MAD are not dragged by the outlier itself,
// unlike the mean and SD, so one absurd value cannot hide itself. Such a value is replaced by
// the mean of the same customer's other months: the customer stays, with their own level.

import { median } from "d3";
import type { TypedRow } from "./typed-rows.js";

export const REVENUE_OUTLIER_Z = 10;
const MAD_TO_SD = 1.4826; // makes the MAD estimate the SD for normal data

export interface RevenueOutlier {
  readonly line: number;
  readonly id: number;
  readonly period: string;
  readonly from: number;
  readonly to: number;
}

export interface OutlierSearch {
  readonly description: string;
  readonly median: number;
  readonly mad: number;
  readonly upperLimit: number;
  readonly caught: RevenueOutlier[];
}

export function findRevenueOutliers(rows: readonly TypedRow[]): OutlierSearch {
  const values = Float64Array.from(rows, (r) => r.values["Выручка"] as number);
  const center = median(values) ?? 0;
  const mad = median(values.map((v) => Math.abs(v - center))) ?? 0;
  const upperLimit = center + REVENUE_OUTLIER_Z * MAD_TO_SD * mad;
  const description = `выручка за месяц выше медианы более чем на ${REVENUE_OUTLIER_Z} робастных стандартных отклонений (1,4826 × MAD)`;
  if (mad === 0) return { description, median: center, mad, upperLimit: Infinity, caught: [] };

  const byId = new Map<number, TypedRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  const caught: RevenueOutlier[] = [];
  for (const row of rows) {
    const value = row.values["Выручка"] as number;
    if (value <= upperLimit) continue;
    const others = byId.get(row.id)!.filter((r) => r !== row && (r.values["Выручка"] as number) <= upperLimit);
    if (others.length === 0) continue; // nothing of the customer's own to fall back on; left as is
    const mean = others.reduce((s, r) => s + (r.values["Выручка"] as number), 0) / others.length;
    caught.push({ line: row.line, id: row.id, period: row.values["Период"] as string, from: value, to: Math.round(mean * 10) / 10 });
  }
  return { description, median: center, mad, upperLimit: Math.round(upperLimit * 10) / 10, caught };
}

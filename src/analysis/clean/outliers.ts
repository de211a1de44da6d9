// The revenue outlier rule. A monthly revenue is an outlier when it lies more than
// REVENUE_OUTLIER_Z robust standard deviations (1.4826 × MAD) above the median of all monthly
// revenues of active customers. The median and MAD are not dragged by the outlier itself,
// unlike the mean and SD, so one absurd value cannot hide itself. Such a value is replaced by
// the mean of the same customer's other months: the customer stays, with their own level.

import { max, min, quickselect } from "d3";

export const REVENUE_OUTLIER_Z = 10;
const MAD_TO_SD = 1.4826; // makes the MAD estimate the SD for normal data

export interface RevenueOutlier {
  /** Row of the revenue export. */
  readonly row: number;
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

/** The kept revenue rows: what the rule looks at. */
export interface RevenueRows {
  /** Rows of the revenue export, in file order. */
  readonly rows: Int32Array;
  /** Revenue by row of the export. */
  readonly revenue: Float64Array;
  readonly id: Float64Array;
  readonly period: (row: number) => string;
  /** All kept rows of the same customer as `row` (itself included), in any order. */
  readonly sameCustomer: (row: number) => readonly number[];
}

export function findRevenueOutliers({ rows, revenue, id, period, sameCustomer }: RevenueRows): OutlierSearch {
  const values = Float64Array.from(rows, (r) => revenue[r]);
  const center = medianOf(values) ?? 0;
  const mad = medianOf(values.map((v) => Math.abs(v - center))) ?? 0;
  const upperLimit = center + REVENUE_OUTLIER_Z * MAD_TO_SD * mad;
  const description = `выручка за месяц выше медианы более чем на ${REVENUE_OUTLIER_Z} робастных стандартных отклонений (1,4826 × MAD)`;
  if (mad === 0) return { description, median: center, mad, upperLimit: Infinity, caught: [] };

  const caught: RevenueOutlier[] = [];
  for (const row of rows) {
    const value = revenue[row];
    if (value <= upperLimit) continue;
    // The customer's other months in file order, so the mean is summed in a fixed order.
    const others = sameCustomer(row)
      .filter((r) => r !== row && revenue[r] <= upperLimit)
      .sort((a, b) => a - b);
    if (others.length === 0) continue; // nothing of the customer's own to fall back on; left as is
    const mean = others.reduce((s, r) => s + revenue[r], 0) / others.length;
    caught.push({ row, id: id[row], period: period(row), from: value, to: Math.round(mean * 10) / 10 });
  }
  return { description, median: center, mad, upperLimit: Math.round(upperLimit * 10) / 10, caught };
}

/**
 * d3.median of numbers without NaN, as d3-array computes it (quickselect on a copy, then the two middle
 * order statistics) but without its copy through a generic iterable, which costs seconds at 3M values.
 */
export function medianOf(values: Float64Array): number | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const copy = values.slice();
  if (n < 2) return min(copy);
  const i = (n - 1) * 0.5;
  const i0 = Math.floor(i);
  quickselect(copy, i0); // in place
  const value0 = max(copy.subarray(0, i0 + 1))!;
  const value1 = min(copy.subarray(i0 + 1))!;
  return value0 + (value1 - value0) * (i - i0);
}

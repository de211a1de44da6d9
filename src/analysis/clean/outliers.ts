// The plausibility rule for every money and time column (monthly revenue, monthly minutes, profit). A value is
// implausible when it lies more than OUTLIER_Z robust standard deviations above the median of its column (all
// months of all active customers pooled). The median and the scale are not dragged by the outlier itself, unlike
// the mean and SD, so one absurd value cannot hide itself; and the scale can never be 0, so the rule cannot switch
// itself off: 1.4826 × MAD, or when half the values are equal (MAD = 0) the interquartile range / 1.349, or when
// even that is 0 a floor of 10 % of the median (1 when the median is 0).
//
// What is done with a caught value (clean.ts): a monthly value is replaced by the mean of the same customer's
// other, plausible months (the customer stays with their own level); when the customer has no plausible month
// of that column (a customer with 999 999 every month) or the column has one value per customer (profit), the
// customer is excluded. Every catch is in the ledger.

import { max, min, quickselect, quantileSorted } from "d3";

export const OUTLIER_Z = 10;
const MAD_TO_SD = 1.4826; // makes the MAD estimate the SD for normal data
const IQR_TO_SD = 1.349; // likewise the interquartile range
/** The scale's floor as a share of the median. */
export const SCALE_FLOOR_SHARE = 0.1;

export type ScaleMethod = "mad" | "iqr" | "floor";

export interface PlausibilityLimit {
  readonly median: number;
  readonly mad: number;
  /** The robust SD estimate the limit uses (never 0). */
  readonly scale: number;
  readonly scaleMethod: ScaleMethod;
  /** median + OUTLIER_Z × scale (unrounded: what values are compared with). */
  readonly upperLimit: number;
}

/** The limit for one column's values (NaN-free). Values above it are implausible. */
export function plausibilityLimit(values: Float64Array): PlausibilityLimit {
  const median = medianOf(values) ?? 0;
  const mad = medianOf(values.map((v) => Math.abs(v - median))) ?? 0;
  let scale = MAD_TO_SD * mad;
  let scaleMethod: ScaleMethod = "mad";
  if (!(scale > 0)) {
    const sorted = values.slice().sort() as unknown as number[]; // d3 reads it by index
    const iqr = sorted.length ? quantileSorted(sorted, 0.75)! - quantileSorted(sorted, 0.25)! : 0;
    scale = iqr / IQR_TO_SD;
    scaleMethod = "iqr";
    if (!(scale > 0)) {
      scale = median !== 0 ? SCALE_FLOOR_SHARE * Math.abs(median) : 1;
      scaleMethod = "floor";
    }
  }
  return { median, mad, scale, scaleMethod, upperLimit: median + OUTLIER_Z * scale };
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

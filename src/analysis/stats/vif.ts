// Variance inflation factors: each column regressed by least squares on all the others plus an intercept,
// VIF = 1 / (1 − R²).

import { cholesky, zeros } from "./linalg.js";
import type { NumericColumn } from "./numeric-column.js";

export interface VifResult {
  columns: string[];
  /**
   * Infinity when a column is (numerically) an exact linear combination of the others — R² = 1, so the
   * factor is unbounded. A constant column is collinear with the intercept and also gets Infinity.
   */
  values: number[];
}

/**
 * Residual variance share (1 − R²) at or below which a fit counts as exact. An exact linear dependence leaves
 * only float64 rounding, a share of ~1e-16; 1e-12 (a VIF of 1e12) sits far from both that and real data.
 */
const EXACT_FIT_RESIDUAL_SHARE = 1e-12;

/** VIF of every column against the rest. Rows with a non-finite value in any column are dropped first. */
export function varianceInflationFactors(columns: readonly NumericColumn[]): VifResult {
  const rowCount = columns.length === 0 ? 0 : columns[0].values.length;
  if (columns.some(({ values }) => values.length !== rowCount)) throw new Error("vif: columns differ in length");
  const rows: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    if (columns.every(({ values }) => Number.isFinite(values[r]))) rows.push(r);
  }

  // Centring every column absorbs the intercept; scaling to unit length makes the Gram matrix the
  // correlation matrix. Each regression then needs only that d × d matrix (the normal equations), not the
  // n × d design: at a million customers an SVD of the design per column took minutes.
  const standardised = columns.map(({ values }) => standardise(rows.map((r) => values[r])));
  const kept = standardised.flatMap((column, k) => (column === null ? [] : [k]));
  const gram = new Map<string, number>();
  const dot = (a: number, b: number) => {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let v = gram.get(key);
    if (v === undefined) {
      const x = standardised[a]!;
      const y = standardised[b]!;
      v = 0;
      for (let r = 0; r < x.length; r++) v += x[r] * y[r];
      gram.set(key, v);
    }
    return v;
  };
  const values = columns.map((_, target) => {
    if (standardised[target] === null) return Infinity;
    const predictors = kept.filter((k) => k !== target);
    if (predictors.length === 0) return 1;
    // Cholesky of the correlation matrix with the target last: its last pivot share is the part of the target's variance the
    // predictors leave unexplained, 1 − R². A predictor that is a linear combination of the ones before it is
    // dropped by the same rule, so collinear predictors do not stop the others from explaining the target.
    const order = [...predictors, target];
    const correlation = zeros(order.length, order.length);
    order.forEach((a, i) => order.forEach((b, j) => (correlation.data[i * order.length + j] = dot(a, b))));
    const factor = cholesky(correlation, EXACT_FIT_RESIDUAL_SHARE);
    const last = order.length - 1;
    return factor.dropped[last] ? Infinity : 1 / factor.shares[last];
  });
  return { columns: columns.map(({ name }) => name), values };
}

/** Centred values scaled to unit length; null for a constant column. */
function standardise(values: readonly number[]): number[] | null {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const centred = values.map((v) => v - mean);
  const norm = Math.sqrt(centred.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? null : centred.map((v) => v / norm);
}

// Variance inflation factors: each column regressed by least squares on all the others plus an intercept,
// VIF = 1 / (1 − R²).

import { Matrix, SingularValueDecomposition } from "ml-matrix";
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
 * Residual variance share (1 − R²) below which a fit counts as exact. An exact linear dependence leaves
 * only float64 rounding, a share of ~1e-16 (computed as 1 − cᵀβ); 1e-12 (a VIF of 1e12) sits far from both that and real data.
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
    const normal = new Matrix(predictors.map((a) => predictors.map((b) => dot(a, b))));
    const crossed = Matrix.columnVector(predictors.map((a) => dot(a, target)));
    // SVD least squares tolerates rank-deficient predictors (it zeroes negligible singular values).
    const coefficients = new SingularValueDecomposition(normal).solve(crossed);
    // The response has unit length, so 1 − R² = 1 − (explained sum of squares) = 1 − cᵀβ.
    let explained = 0;
    for (let i = 0; i < predictors.length; i++) explained += crossed.get(i, 0) * coefficients.get(i, 0);
    const residualShare = Math.max(0, 1 - explained);
    return residualShare < EXACT_FIT_RESIDUAL_SHARE ? Infinity : 1 / residualShare;
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

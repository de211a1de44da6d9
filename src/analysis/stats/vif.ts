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
 * only float64 rounding, a share of ~1e-30; 1e-12 (a VIF of 1e12) sits far from both that and real data.
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

  // Centring every column absorbs the intercept; scaling to unit length keeps the SVD well conditioned.
  const standardised = columns.map(({ values }) => standardise(rows.map((r) => values[r])));
  const values = columns.map((_, target) => {
    const response = standardised[target];
    if (response === null) return Infinity;
    const predictors = standardised.filter((column, k): column is number[] => k !== target && column !== null);
    if (predictors.length === 0) return 1;
    const design = new Matrix(rows.map((_, r) => predictors.map((column) => column[r])));
    const observed = Matrix.columnVector(response);
    // SVD least squares tolerates rank-deficient predictors (it zeroes negligible singular values).
    const coefficients = new SingularValueDecomposition(design, { autoTranspose: true }).solve(observed);
    const residuals = observed.clone().sub(design.mmul(coefficients));
    const residualSquares = residuals.to1DArray().reduce((sum, e) => sum + e * e, 0);
    const totalSquares = response.reduce((sum, e) => sum + e * e, 0);
    const residualShare = residualSquares / totalSquares; // = 1 − R²
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

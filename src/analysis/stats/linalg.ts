// The core's one matrix type and its one factorisation: dense row-major matrices, and Cholesky for the symmetric
// positive (semi)definite systems the core solves (logistic regression's Newton steps, the VIF regressions).
// Hand-written, not ml-matrix: the models need one contiguous Float64Array, which ml-matrix's Matrix (an array per row) is not,
// and its Cholesky in the logistic CV grid cost 17 % more CPU, throws on a dependent column and moved coefficients' last digit.

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/**
 * The Cholesky factor L (lower triangle of `L`) of the Jacobi-scaled matrix S A S, S = diag(1/√A_kk): the scaling
 * makes the factor insensitive to columns of very different scales (unscaled revenue next to a share).
 */
export interface CholeskyFactor {
  readonly L: Matrix;
  /** S's diagonal, 1/√A_kk (0 for a column whose diagonal is not positive). */
  readonly scale: Float64Array;
  /**
   * Per column k, the share of its (scaled) diagonal that the columns before it leave unexplained: for a Gram
   * matrix, 1 − R² of column k regressed on columns 0 … k−1. A column whose share is at most the factorisation's
   * `dependentShare` is (numerically) a linear combination of the ones before it: it is dropped (its column of L is 0).
   */
  readonly shares: Float64Array;
  readonly dropped: readonly boolean[];
}

/** Factor the symmetric A (only its lower triangle is read); see CholeskyFactor for `dependentShare`. */
export function cholesky(A: Matrix, dependentShare = 0): CholeskyFactor {
  const D = A.rows;
  if (A.cols !== D) throw new Error(`cholesky: a ${A.rows}×${A.cols} matrix is not square`);
  const a = A.data;
  const scale = new Float64Array(D);
  for (let i = 0; i < D; i++) scale[i] = a[i * D + i] > 0 ? 1 / Math.sqrt(a[i * D + i]) : 0;
  const L = zeros(D, D);
  const l = L.data;
  const shares = new Float64Array(D);
  const dropped = new Array<boolean>(D).fill(false);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * D + j] * scale[i] * scale[j];
      for (let k = 0; k < j; k++) sum -= l[i * D + k] * l[j * D + k];
      if (i === j) {
        shares[i] = sum;
        dropped[i] = !(sum > dependentShare);
        l[i * D + i] = dropped[i] ? 0 : Math.sqrt(sum);
      } else {
        l[i * D + j] = dropped[j] ? 0 : sum / l[j * D + j];
      }
    }
  }
  return { L, scale, shares, dropped };
}

/** x with A x = b, from A's factor; a dropped column's component is 0 (exact when the system is consistent). */
export function solveCholesky({ L, scale, dropped }: CholeskyFactor, b: ArrayLike<number>): Float64Array {
  const D = L.rows;
  const l = L.data;
  const x = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    if (dropped[i]) continue;
    let sum = b[i] * scale[i];
    for (let k = 0; k < i; k++) sum -= l[i * D + k] * x[k];
    x[i] = sum / l[i * D + i];
  }
  for (let i = D - 1; i >= 0; i--) {
    if (dropped[i]) continue;
    let sum = x[i];
    for (let k = i + 1; k < D; k++) sum -= l[k * D + i] * x[k];
    x[i] = sum / l[i * D + i];
  }
  for (let i = 0; i < D; i++) x[i] *= scale[i];
  return x;
}

/** x with A x = b for a symmetric positive definite A (a column dependent on earlier ones gets x_k = 0). */
export function solveSpd(A: Matrix, b: ArrayLike<number>): Float64Array {
  return solveCholesky(cholesky(A), b);
}

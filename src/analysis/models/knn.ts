// k-nearest neighbours with sklearn's KNeighborsClassifier semantics (brute force).
// Hand-written: the arithmetic is a few lines and must be shared with the browser scorer (scoring.ts).
// Tie rule: neighbours are ordered by (distance, training index), so at equal distance the earlier training row
// wins. sklearn 1.2's brute force keeps an unspecified one of the tied rows (heap / introselect order), so the two
// can differ only when rows tie exactly at the k-th distance with different classes (see tests/unit/models/knn).

import { nearestBlocked } from "./batch-kernels.js";
import type { Matrix } from "../stats/linalg.js";
import { knnProbability, nearest, type KnnEstimator } from "./scoring.js";

export interface KNeighborsParams {
  nNeighbors: number;
  weights: "uniform" | "distance";
  metric: "euclidean" | "manhattan";
}

export class KNeighborsClassifier {
  readonly nNeighbors: number;
  readonly weights: "uniform" | "distance";
  readonly metric: "euclidean" | "manhattan";
  private X: Matrix | null = null;
  private y: Uint8Array = new Uint8Array(0);

  constructor(params: KNeighborsParams) {
    if (!Number.isInteger(params.nNeighbors) || params.nNeighbors < 1) throw new Error("n_neighbors must be a positive integer");
    this.nNeighbors = params.nNeighbors;
    this.weights = params.weights;
    this.metric = params.metric;
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    if (X.rows < this.nNeighbors) throw new Error(`n_neighbors = ${this.nNeighbors} exceeds n_samples = ${X.rows}`);
    this.X = X;
    this.y = Uint8Array.from(y);
    return this;
  }

  /** P(y = 1) per row. */
  predictProba(Q: Matrix): Float64Array {
    const X = this.train();
    const k = this.nNeighbors;
    const idx = new Int32Array(k);
    const dist = new Float64Array(k);
    const out = new Float64Array(Q.rows);
    for (let i = 0; i < Q.rows; i++) {
      const m = nearest(this.metric, X.data, X.rows, X.cols, Q.data, i * Q.cols, k, idx, dist);
      out[i] = knnProbability(this.weights, this.y, idx, dist, m);
    }
    return out;
  }

  /** Artifact form; `rawX` are the same training rows before scaling (the browser re-applies the scaler). */
  toEstimator(rawX: Matrix): KnnEstimator {
    const X = this.train();
    if (rawX.rows !== X.rows || rawX.cols !== X.cols) throw new Error("raw rows do not match the training rows");
    const raw_X: number[][] = [];
    for (let i = 0; i < rawX.rows; i++) raw_X.push(Array.from(rawX.data.subarray(i * rawX.cols, (i + 1) * rawX.cols)));
    return { n_neighbors: this.nNeighbors, weights: this.weights, metric: this.metric, raw_X, y: Array.from(this.y) };
  }

  private train(): Matrix {
    if (!this.X) throw new Error("KNeighborsClassifier is not fitted");
    return this.X;
  }
}

/**
 * Grid-search fast path: the `kMax` nearest neighbours of every query row, computed once and reused for every
 * k ≤ kMax and both weightings (a prefix of the same ordered list is exactly what a k-NN fit would use).
 * `checkAt`: see batch.ts nearestBlocked (the answer does not depend on it).
 */
export function neighbourTable(
  metric: KNeighborsParams["metric"],
  X: Matrix,
  Q: Matrix,
  kMax: number,
  checkAt = X.cols,
): { idx: Int32Array; dist: Float64Array; k: number } {
  const k = Math.min(kMax, X.rows);
  const idx = new Int32Array(Q.rows * k);
  const dist = new Float64Array(Q.rows * k);
  const bi = new Int32Array(k);
  const bd = new Float64Array(k);
  for (let i = 0; i < Q.rows; i++) {
    nearestBlocked(metric, X.data, X.rows, X.cols, Q.data, i * Q.cols, k, bi, bd, checkAt); // = scoring.ts nearest, faster
    idx.set(bi, i * k);
    dist.set(bd, i * k);
  }
  return { idx, dist, k };
}

/** P(y = 1) for every query row of a neighbour table, using its first `k` neighbours. */
export function probaFromTable(table: { idx: Int32Array; dist: Float64Array; k: number }, y: ArrayLike<number>, k: number, weights: KNeighborsParams["weights"]): Float64Array {
  const rows = table.idx.length / table.k;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    out[i] = knnProbability(weights, y, table.idx.subarray(i * table.k, i * table.k + k), table.dist.subarray(i * table.k, i * table.k + k), k);
  }
  return out;
}

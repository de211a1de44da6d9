// Batch scoring over typed arrays: the same arithmetic as scoring.ts's per-customer functions (same operations in the
// same order, so the same bits), with the kernel / metric chosen once per batch, the stored rows scaled once, and no
// allocation per row. Used by the CV search (SVC decision values) and to score every customer of a large data set,
// on one thread or split over two (runner-node.ts) — each row's number does not depend on how rows are split.

import type { Customer } from "../schema.js";
import type { Matrix } from "./matrix.js";
import {
  encodeRaw,
  knnProbability,
  insertNeighbour,
  linearDecision,
  plattProbability,
  powi,
  scaledRows,
  scaleRaw,
  sigmoid,
  treeLeaf,
  type KnnEstimator,
  type ModelArtifact,
  type PreprocessorParams,
  type SvcEstimator,
} from "./scoring.js";

type SvmCore = Pick<SvcEstimator, "kernel" | "gamma" | "degree" | "coef0" | "dual_coef" | "rho" | "sign">;

/** scoring.ts svmDecision of one row x[xOff..xOff+d) against row-major scaled support vectors `sv`. */
function svmDecisionAt(est: SvmCore, coef: Float64Array, sv: Float64Array, d: number, x: Float64Array, xOff: number): number {
  const nSv = coef.length;
  const { gamma, degree, coef0 } = est;
  let sum = 0;
  if (est.kernel === "rbf") {
    for (let i = 0; i < nSv; i++) {
      const aOff = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = sv[aOff + j] - x[xOff + j];
        s += t * t;
      }
      sum += coef[i] * Math.exp(-gamma * s);
    }
  } else if (est.kernel === "linear") {
    for (let i = 0; i < nSv; i++) {
      const aOff = i * d;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += sv[aOff + j] * x[xOff + j];
      sum += coef[i] * dot;
    }
  } else {
    for (let i = 0; i < nSv; i++) {
      const aOff = i * d;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += sv[aOff + j] * x[xOff + j];
      sum += coef[i] * powi(gamma * dot + coef0, degree);
    }
  }
  sum -= est.rho;
  return est.sign * sum;
}

/** scoring.ts svmDecision for every row of a scaled matrix. */
export function svmDecisionMatrix(est: SvmCore, sv: Float64Array, X: Matrix): Float64Array {
  const coef = Float64Array.from(est.dual_coef);
  const out = new Float64Array(X.rows);
  for (let q = 0; q < X.rows; q++) out[q] = svmDecisionAt(est, coef, sv, X.cols, X.data, q * X.cols);
  return out;
}

/**
 * scoring.ts `nearest` (the k nearest training rows by (distance, training index)), skipping a training row as soon as
 * its partial distance shows it cannot enter the list: partial sums only grow, and a row enters only when its distance
 * is strictly below the current k-th, so skipping changes nothing. Every distance that is compared is computed exactly
 * as scoring.ts `distance` computes it.
 */
export function nearestPruned(
  metric: KnnEstimator["metric"],
  X: Float64Array,
  n: number,
  d: number,
  q: Float64Array,
  qOff: number,
  k: number,
  idx: Int32Array,
  dist: Float64Array,
): number {
  let m = 0;
  const manhattan = metric === "manhattan";
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let s = 0;
    if (m < k) {
      for (let j = 0; j < d; j++) {
        const t = X[off + j] - q[qOff + j];
        s += manhattan ? Math.abs(t) : t * t;
      }
    } else {
      // Above `bound` the row's distance is ≥ the k-th: for manhattan the sum itself; for euclidean a partial sum
      // above kth² (with a margin far above rounding) has sqrt ≥ kth, and sqrt is monotone.
      const kth = dist[k - 1];
      const bound = manhattan ? kth : kth * kth * (1 + 1e-12);
      let j = 0;
      for (; j < d; j++) {
        const t = X[off + j] - q[qOff + j];
        s += manhattan ? Math.abs(t) : t * t;
        if (s > bound) break;
      }
      if (j < d) continue;
    }
    m = insertNeighbour(idx, dist, m, k, i, manhattan ? s : Math.sqrt(s));
  }
  return m;
}

/** Scores rows of an encoded (unscaled) matrix; reusable, holds the model's scaled rows. */
export interface BatchScorer {
  /** Number of features per row. */
  readonly d: number;
  /** P(«Снизилась») of rows [from, to) of `raw` (row-major, d columns, encoded as scoring.ts encodeRaw) into out[from..to). */
  score(raw: Float64Array, from: number, to: number, out: Float64Array): void;
}

/**
 * A batch scorer giving, for every row, exactly makeScorer(model)(customer) for the customer the row encodes
 * (same scaling, same arithmetic; KNN with the pruned neighbour search above, which finds the same neighbours).
 */
export function makeBatchScorer(model: ModelArtifact): BatchScorer {
  const pre = model.preprocessor;
  const d = pre.feature_names.length;
  const est = model.estimator;
  const x = new Float64Array(d);
  const load = (raw: Float64Array, r: number) => {
    for (let j = 0; j < d; j++) x[j] = raw[r * d + j];
    scaleRaw(pre, x);
  };
  let one: (raw: Float64Array, r: number) => number;
  switch (est.kind) {
    case "linear":
      one = (raw, r) => (load(raw, r), sigmoid(linearDecision(est.coef, est.intercept, x)));
      break;
    case "tree":
      one = (raw, r) => (load(raw, r), est.value[treeLeaf(est, x)]);
      break;
    case "knn": {
      const X = scaledRows(pre, est.raw_X);
      const n = est.y.length;
      const y = Uint8Array.from(est.y);
      const idx = new Int32Array(est.n_neighbors);
      const dist = new Float64Array(est.n_neighbors);
      one = (raw, r) => {
        load(raw, r);
        const m = nearestPruned(est.metric, X, n, d, x, 0, est.n_neighbors, idx, dist);
        return knnProbability(est.weights, y, idx, dist, m);
      };
      break;
    }
    case "svc": {
      const sv = scaledRows(pre, est.raw_support_vectors);
      const coef = Float64Array.from(est.dual_coef);
      one = (raw, r) => (load(raw, r), plattProbability(svmDecisionAt(est, coef, sv, d, x, 0), est.prob_a, est.prob_b));
      break;
    }
  }
  return {
    d,
    score(raw, from, to, out) {
      if (raw.length % d !== 0 || to * d > raw.length) throw new Error("rows out of range");
      for (let r = from; r < to; r++) out[r] = one(raw, r);
    },
  };
}

/** Encoded (unscaled) rows of `customers`, row-major: what BatchScorer.score reads. `out` may be shared memory. */
export function encodeRows(pre: PreprocessorParams, customers: readonly Customer[], out: Float64Array = new Float64Array(customers.length * pre.feature_names.length)): Float64Array {
  const d = pre.feature_names.length;
  if (out.length !== customers.length * d) throw new Error("output buffer does not match the rows");
  for (let i = 0; i < customers.length; i++) encodeRaw(pre, customers[i], out, i * d);
  return out;
}

/** P(«Снизилась») for every customer, single thread: makeScorer's numbers for many customers at once. */
export function scoreCustomers(model: ModelArtifact, customers: readonly Customer[]): Float64Array {
  const raw = encodeRows(model.preprocessor, customers);
  const out = new Float64Array(customers.length);
  makeBatchScorer(model).score(raw, 0, customers.length, out);
  return out;
}

// The model artifact (plain JSON) and the arithmetic each family's scorer is built from (families/*.ts put it
// together per family; scoring.ts makeScorer picks the family's). Dependency-free: only `import type` from the schema.

import type { Customer } from "../schema.js";

export type ScalerKind = "standard" | "minmax" | "none";

/** Fitted preprocessing, in output-column order: numeric (scaled), ordinal, then one-hot. */
export interface PreprocessorParams {
  scaler: ScalerKind;
  /**
   * Numeric columns with sklearn's own operation order:
   * standard: x' = (x − offset) / scale (offset = mean_, scale = scale_);
   * minmax:   x' = x · scale + offset   (scale = scale_, offset = min_);
   * none:     x' = x.
   */
  numeric: { name: string; offset: number; scale: number }[];
  ordinal: { name: string; categories: string[] }[];
  /** Levels kept after dropping the first level in sorted order (sklearn drop='first'); unknown levels encode as zeros. */
  one_hot: { name: string; dropped: string; categories: string[] }[];
  feature_names: string[];
}

export interface LinearEstimator {
  coef: number[];
  intercept: number;
}

export interface KnnEstimator {
  n_neighbors: number;
  weights: "uniform" | "distance";
  metric: "euclidean" | "manhattan";
  /** Training rows before scaling (encoded only), in training order; scaled with the preprocessor when loaded. */
  raw_X: number[][];
  y: number[];
}

export interface TreeEstimator {
  /** sklearn-style parallel arrays; a leaf has left = right = -1. value = P(positive) at the node. */
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  n_samples: number[];
}

export interface SvcEstimator {
  kernel: "linear" | "poly" | "rbf";
  gamma: number;
  degree: number;
  coef0: number;
  /** Support vectors before scaling (encoded only), in libsvm's model order. */
  raw_support_vectors: number[][];
  /** libsvm sv_coef (y_i·alpha_i with libsvm's internal labels) and rho; decision = sign · (Σ coef·K − rho). */
  dual_coef: number[];
  rho: number;
  /** +1 or −1: maps libsvm's internal orientation to "positive = Снизилась". */
  sign: number;
  /** Platt sigmoid P(positive) = 1 / (1 + exp(A·decision + B)). */
  prob_a: number;
  prob_b: number;
}

/** A model family's name and the estimator its artifacts carry: the one vocabulary for families. */
export interface EstimatorByFamily {
  logistic_regression: LinearEstimator;
  knn: KnnEstimator;
  decision_tree: TreeEstimator;
  svc: SvcEstimator;
}

export type Family = keyof EstimatorByFamily;
export type EstimatorOf<F extends Family> = EstimatorByFamily[F];
export type Estimator = EstimatorOf<Family>;

/**
 * Everything the browser needs to score one customer exactly as the build did. One name per family: the artifact is
 * discriminated by `family` (narrowing `model.family` narrows `model.estimator`), the estimator carries no tag of its own.
 */
export interface ModelArtifactOf<F extends Family> {
  format: "one-click-retention-model/1";
  family: F;
  params: Record<string, string | number | null>;
  scaler: ScalerKind;
  positive_class: string;
  preprocessor: PreprocessorParams;
  estimator: EstimatorOf<F>;
}

export type ModelArtifact = { [F in Family]: ModelArtifactOf<F> }[Family];

// ---------------------------------------------------------------- preprocessing

/** Encoded (one-hot / ordinal) but unscaled feature row. */
export function encodeRaw(pre: PreprocessorParams, customer: Customer, out: Float64Array | number[], offset = 0): void {
  const row = customer as unknown as Record<string, unknown>;
  let j = offset;
  for (const spec of pre.numeric) {
    const v = row[spec.name];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`feature ${spec.name} is not a finite number`);
    out[j++] = v;
  }
  for (const spec of pre.ordinal) {
    const k = spec.categories.indexOf(String(row[spec.name]));
    if (k < 0) throw new Error(`unknown level ${String(row[spec.name])} of ordinal feature ${spec.name}`);
    out[j++] = k;
  }
  for (const spec of pre.one_hot) {
    const v = String(row[spec.name]);
    for (const level of spec.categories) out[j++] = v === level ? 1 : 0;
  }
}

/** Apply the fitted scaler in place to the numeric block (the first `numeric.length` columns). */
export function scaleRaw(pre: PreprocessorParams, x: Float64Array | number[], offset = 0): void {
  if (pre.scaler === "none") return;
  const standard = pre.scaler === "standard";
  for (let j = 0; j < pre.numeric.length; j++) {
    const s = pre.numeric[j];
    // Same operation order as sklearn (bit-identical inputs matter for KNN ties and tree thresholds).
    x[offset + j] = standard ? (x[offset + j] - s.offset) / s.scale : x[offset + j] * s.scale + s.offset;
  }
}

export function transformCustomer(pre: PreprocessorParams, customer: Customer): Float64Array {
  const x = new Float64Array(pre.feature_names.length);
  encodeRaw(pre, customer, x);
  scaleRaw(pre, x);
  return x;
}

// ---------------------------------------------------------------- estimators

export function sigmoid(z: number): number {
  // scipy.special.expit-equivalent, stable at both tails.
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function linearDecision(coef: ArrayLike<number>, intercept: number, x: ArrayLike<number>, offset = 0): number {
  let z = 0;
  for (let j = 0; j < coef.length; j++) z += coef[j] * x[offset + j];
  return z + intercept;
}

/** libsvm's powi: exponentiation by squaring (bit-identical to libsvm's polynomial kernel). */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1.0;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

/** libsvm k_function for dense vectors. */
export function kernelValue(
  kernel: SvcEstimator["kernel"],
  gamma: number,
  degree: number,
  coef0: number,
  a: ArrayLike<number>,
  aOff: number,
  b: ArrayLike<number>,
  bOff: number,
  d: number,
): number {
  if (kernel === "rbf") {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = a[aOff + j] - b[bOff + j];
      s += t * t;
    }
    return Math.exp(-gamma * s);
  }
  let dot = 0;
  for (let j = 0; j < d; j++) dot += a[aOff + j] * b[bOff + j];
  return kernel === "linear" ? dot : powi(gamma * dot + coef0, degree);
}

/** Decision value with "positive = Снизилась" orientation. `sv` is row-major scaled support vectors. */
export function svmDecision(
  est: Pick<SvcEstimator, "kernel" | "gamma" | "degree" | "coef0" | "dual_coef" | "rho" | "sign">,
  sv: ArrayLike<number>,
  d: number,
  x: ArrayLike<number>,
  xOff = 0,
): number {
  let sum = 0;
  for (let i = 0; i < est.dual_coef.length; i++) {
    sum += est.dual_coef[i] * kernelValue(est.kernel, est.gamma, est.degree, est.coef0, sv, i * d, x, xOff, d);
  }
  sum -= est.rho;
  return est.sign * sum;
}

/** libsvm sigmoid_predict on our orientation, clamped like svm_predict_probability (min_prob = 1e-7). */
export function plattProbability(decision: number, a: number, b: number): number {
  const fApB = decision * a + b;
  const p = fApB >= 0 ? Math.exp(-fApB) / (1.0 + Math.exp(-fApB)) : 1.0 / (1 + Math.exp(fApB));
  return Math.min(Math.max(p, 1e-7), 1 - 1e-7);
}

/** sklearn trees work in float32: features are rounded to float32 before comparing with the (double) threshold. */
export function treeLeaf(est: Pick<TreeEstimator, "feature" | "threshold" | "left" | "right">, x: ArrayLike<number>, xOff = 0): number {
  let node = 0;
  while (est.left[node] !== -1) {
    node = Math.fround(x[xOff + est.feature[node]]) <= est.threshold[node] ? est.left[node] : est.right[node];
  }
  return node;
}

export function distance(metric: KnnEstimator["metric"], a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, d: number): number {
  let s = 0;
  if (metric === "manhattan") {
    for (let j = 0; j < d; j++) s += Math.abs(a[aOff + j] - b[bOff + j]);
    return s;
  }
  for (let j = 0; j < d; j++) {
    const t = a[aOff + j] - b[bOff + j];
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * The k nearest training rows of one query, ordered by (distance, training index): ties at equal distance
 * keep the lower training index (a stable order; sklearn's heap/introselect order differs only on exact ties).
 * Fills `idx`/`dist` (length ≥ k) and returns how many were filled.
 */
export function nearest(
  metric: KnnEstimator["metric"],
  X: ArrayLike<number>,
  n: number,
  d: number,
  q: ArrayLike<number>,
  qOff: number,
  k: number,
  idx: Int32Array,
  dist: Float64Array,
): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = insertNeighbour(idx, dist, m, k, i, distance(metric, X, i * d, q, qOff, d));
  return m;
}

/**
 * Inserts training row `i` at distance `di` into the sorted k-best lists holding `filled` entries; returns the new
 * count. Insertion after every equal distance keeps the stable (distance, index) order when rows come in index order.
 */
export function insertNeighbour(idx: Int32Array, dist: Float64Array, filled: number, k: number, i: number, di: number): number {
  if (filled === k && !(di < dist[k - 1])) return filled;
  let p = filled < k ? filled : k - 1;
  while (p > 0 && dist[p - 1] > di) {
    dist[p] = dist[p - 1];
    idx[p] = idx[p - 1];
    p--;
  }
  dist[p] = di;
  idx[p] = i;
  return filled < k ? filled + 1 : filled;
}

/** sklearn KNeighborsClassifier.predict_proba[:, 1] from the sorted neighbours. */
export function knnProbability(weights: KnnEstimator["weights"], y: ArrayLike<number>, idx: ArrayLike<number>, dist: ArrayLike<number>, k: number): number {
  if (weights === "uniform") {
    let pos = 0;
    for (let r = 0; r < k; r++) pos += y[idx[r]];
    return pos / k;
  }
  let anyZero = false;
  for (let r = 0; r < k; r++) if (dist[r] === 0) anyZero = true;
  let w0 = 0;
  let w1 = 0;
  for (let r = 0; r < k; r++) {
    // sklearn: 1/d weights; if a neighbour is at distance 0, only the zero-distance neighbours vote (weight 1).
    const w = anyZero ? (dist[r] === 0 ? 1 : 0) : 1 / dist[r];
    if (y[idx[r]] === 1) w1 += w;
    else w0 += w;
  }
  const total = w0 + w1;
  return total === 0 ? 0 : w1 / total;
}

// ---------------------------------------------------------------- scoring a customer

/** Rows of `raw` scaled by the preprocessor, as one row-major buffer (used for KNN training rows and SVs). */
export function scaledRows(pre: PreprocessorParams, raw: number[][]): Float64Array {
  const d = pre.feature_names.length;
  const out = new Float64Array(raw.length * d);
  for (let i = 0; i < raw.length; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = raw[i][j];
    scaleRaw(pre, out, i * d);
  }
  return out;
}

// Batch kernels over typed arrays: scoring.ts's SVC decision and KNN neighbour search, the same arithmetic in the same
// order (so the same bits), without allocation per row. Used by the families' batch scorers and the CV search.

import type { Matrix } from "../stats/linalg.js";
import { distance, insertNeighbour, powi, type KnnEstimator, type SvcEstimator } from "./artifact.js";
import { dot4, sqdist4 } from "./sums4.js";

/** Scratch for four sums (sums4.ts); scoring is synchronous, so one buffer serves every call. */
const SUMS = new Float64Array(4);

export type SvmCore = Pick<SvcEstimator, "kernel" | "gamma" | "degree" | "coef0" | "dual_coef" | "rho" | "sign">;

/**
 * scoring.ts svmDecision of one row x[xOff..xOff+d) against row-major scaled support vectors `sv`. Four support
 * vectors at a time (sums4.ts), each summed in scoring.ts's order, as is the total, so the result is the same to the bit.
 */
export function svmDecisionAt(est: SvmCore, coef: Float64Array, sv: Float64Array, d: number, x: Float64Array, xOff: number): number {
  const nSv = coef.length;
  const { gamma, degree, coef0 } = est;
  const rbf = est.kernel === "rbf";
  const k = (v: number) => (est.kernel === "linear" ? v : powi(gamma * v + coef0, degree));
  const s = SUMS;
  let sum = 0;
  let i = 0;
  for (; i + 3 < nSv; i += 4) {
    if (rbf) {
      sqdist4(sv, i * d, d, x, xOff, s);
      sum += coef[i] * Math.exp(-gamma * s[0]);
      sum += coef[i + 1] * Math.exp(-gamma * s[1]);
      sum += coef[i + 2] * Math.exp(-gamma * s[2]);
      sum += coef[i + 3] * Math.exp(-gamma * s[3]);
    } else {
      dot4(sv, i * d, d, x, xOff, s);
      sum += coef[i] * k(s[0]);
      sum += coef[i + 1] * k(s[1]);
      sum += coef[i + 2] * k(s[2]);
      sum += coef[i + 3] * k(s[3]);
    }
  }
  for (; i < nSv; i++) {
    const o = i * d;
    let t = 0;
    if (rbf) {
      for (let j = 0; j < d; j++) {
        const e = sv[o + j] - x[xOff + j];
        t += e * e;
      }
      sum += coef[i] * Math.exp(-gamma * t);
    } else {
      for (let j = 0; j < d; j++) t += sv[o + j] * x[xOff + j];
      sum += coef[i] * k(t);
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
 * scoring.ts `nearest` (the k nearest training rows by (distance, training index)), to the bit, about 3× faster:
 *
 * - four training rows at a time: their distance sums are independent, so the processor overlaps them (a single
 *   sum waits on its previous addition), while each is still summed feature by feature in scoring.ts `distance`'s
 *   order, and rows enter the list in index order as in `nearest`;
 * - once the list is full, a block of four is dropped if after the first `checkAt` features every partial sum already
 *   exceeds the k-th distance (partial sums only grow; euclidean compares squares with a margin far above rounding,
 *   so a row at exactly the k-th distance is never dropped). checkAt = the numeric features, which come first and,
 *   scaled, carry most of the distance.
 */
export function nearestBlocked(
  metric: KnnEstimator["metric"],
  X: Float64Array,
  n: number,
  d: number,
  q: Float64Array,
  qOff: number,
  k: number,
  idx: Int32Array,
  dist: Float64Array,
  checkAt = d,
): number {
  const manhattan = metric === "manhattan";
  const J = Math.min(Math.max(checkAt, 0), d);
  let m = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    // sqdist4 (sums4.ts) inline: called per phase, its four sums would go through memory (measured 5–10 % slower).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (let phase = 0; phase < 2; phase++) {
      const end = phase === 0 ? J : d;
      if (manhattan) {
        for (; j < end; j++) {
          const qj = q[qOff + j];
          s0 += Math.abs(X[o0 + j] - qj);
          s1 += Math.abs(X[o1 + j] - qj);
          s2 += Math.abs(X[o2 + j] - qj);
          s3 += Math.abs(X[o3 + j] - qj);
        }
      } else {
        for (; j < end; j++) {
          const qj = q[qOff + j];
          const t0 = X[o0 + j] - qj;
          const t1 = X[o1 + j] - qj;
          const t2 = X[o2 + j] - qj;
          const t3 = X[o3 + j] - qj;
          s0 += t0 * t0;
          s1 += t1 * t1;
          s2 += t2 * t2;
          s3 += t3 * t3;
        }
      }
      if (phase === 0 && m === k) {
        const kth = dist[k - 1];
        const bound = manhattan ? kth : kth * kth * (1 + 1e-12);
        if (s0 > bound && s1 > bound && s2 > bound && s3 > bound) break;
      }
    }
    if (j < d) continue;
    m = insertNeighbour(idx, dist, m, k, i, manhattan ? s0 : Math.sqrt(s0));
    m = insertNeighbour(idx, dist, m, k, i + 1, manhattan ? s1 : Math.sqrt(s1));
    m = insertNeighbour(idx, dist, m, k, i + 2, manhattan ? s2 : Math.sqrt(s2));
    m = insertNeighbour(idx, dist, m, k, i + 3, manhattan ? s3 : Math.sqrt(s3));
  }
  for (; i < n; i++) m = insertNeighbour(idx, dist, m, k, i, distance(metric, X, i * d, q, qOff, d));
  return m;
}

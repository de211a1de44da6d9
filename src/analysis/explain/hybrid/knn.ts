// KNN on hybrid rows, reproducing the scorer bit for bit.

import type { KnnEstimator, ModelArtifact } from "../../models/scoring.js";
import { distance, insertNeighbour, knnProbability, nearest, scaledRows } from "../../models/scoring.js";
import type { Players } from "../players.js";
import { HybridBase } from "./base.js";

const EPS = 2.220446049250313e-16;

/**
 * KNN: a neighbour set is discrete, so a rounding difference at an exact distance tie would change P by 1/k.
 * The evaluator therefore reproduces the scorer bit for bit: incrementally updated sums (squared distances or L1
 * sums) only *screen* the training rows, with a rigorous rounding slack; every row that could be among the k
 * nearest is re-measured with the scorer's own `distance` on the hybrid row, and the k nearest are chosen with the
 * scorer's (distance, index) order. The per-column terms g(x_c − t_c) are tabulated per customer and g(z_c − t_c)
 * recomputed from the column-major training rows (the same operation, hence the same value; a table per background
 * row would be 32× larger and fall out of cache every customer), so a step is one pass of subtract-and-add over the
 * training rows plus about k exact distances, instead of n exact distances.
 *
 * Measured on the store's data and not kept: bounds per (customer, background row), L_i = Σ_c min(g(x_c − t_ic),
 * g(z_c − t_ic)) against the m-th smallest U_i = Σ_c max(…), leave ≈ 97 % of the rows as candidates (a hybrid of
 * 16 players is far from x and z alike); lazy updates keyed by the triangle inequality (a row's L1 distance moves
 * by at most |x_c − z_c| per moved column) re-examine ≈ 220 of 780 rows per step and cost 3× the plain pass. With
 * weights="distance" the output depends on the exact distances, which change at every step even when the
 * neighbour set does not, so no step can skip the re-measurement.
 */

export class KnnHybrid extends HybridBase {
  private readonly X: Float64Array;
  private readonly n: number;
  private readonly k: number;
  private readonly manhattan: boolean;
  /** Per background row and training row: Σ_c g(z_c − t_c), summed in column order (as the scorer does). */
  private readonly zSum: Float64Array;
  /** Largest zSum of each background row. */
  private readonly zMax: Float64Array;
  /** The training rows column-major (at c·n + i): a step walks one column over all rows. */
  private readonly XT: Float64Array;
  /** g(x_c − t_ic) of the explained customer, column-major. */
  private readonly xTerm: Float64Array;
  private xMax = 0;
  private readonly acc: Float64Array;
  private readonly slackFactor: number;
  private slack = 0;
  private readonly top: Float64Array;
  private readonly idx: Int32Array;
  private readonly dist: Float64Array;
  private readonly cand: Int32Array;
  /** The current hybrid's m = min(k, n) nearest rows; per background row, its own. */
  private readonly nbr: Int32Array;
  private readonly zNbr: Int32Array;

  constructor(model: ModelArtifact, private readonly est: KnnEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    this.X = scaledRows(model.preprocessor, est.raw_X);
    this.n = est.y.length;
    this.k = est.n_neighbors;
    this.manhattan = est.metric === "manhattan";
    if (!(this.k >= 1) || this.n === 0 || est.raw_X.length !== this.n) throw new Error("KNN estimator needs k ≥ 1 and one label per training row");
    const { n, d } = this;
    // Error budget, first order in ε, with T = Σ_c g(x_c − t_c) + g(z_c − t_c) bounding every partial sum: terms
    // carry relative error ≤ 3ε, so the initial z-terms, the added x-terms and the removed z-terms each err by
    // ≤ 3ε·T; the ≤ 3d additions (d initial, two per changed column) by ≤ 3d·ε·T; the scorer's own sum by
    // ≤ (d + 3)·ε·T. So |screened − scorer| ≤ (4d + 12)·ε·T; the slack allows 8(4d + M + 16)·ε·max T over the rows.
    this.slackFactor = 8 * (4 * d + players.names.length + 16) * EPS;
    this.zSum = new Float64Array(nb * n);
    this.zMax = new Float64Array(nb);
    this.XT = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) this.XT[c * n + i] = this.X[i * d + c];
    this.xTerm = new Float64Array(d * n);
    this.acc = new Float64Array(n);
    this.top = new Float64Array(n);
    this.idx = new Int32Array(this.k);
    this.dist = new Float64Array(this.k);
    this.cand = new Int32Array(n);
    const m = Math.min(this.k, n);
    this.nbr = new Int32Array(m);
    this.zNbr = new Int32Array(nb * m);
    for (let b = 0; b < nb; b++) {
      let max = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = background[b * d + j] - this.X[i * d + j];
          s += this.manhattan ? Math.abs(t) : t * t;
        }
        this.zSum[b * n + i] = s;
        if (s > max) max = s;
      }
      this.zMax[b] = max;
      this.backgroundOutputs[b] = this.exact(background, b * d);
      this.zNbr.set(this.idx.subarray(0, m), b * m);
    }
  }

  /** g(row_c − t_ic) for every column c and training row i, column-major into out[off..). */
  private terms(row: Float64Array, rowOff: number, out: Float64Array, off: number): void {
    const { X, n, d } = this;
    for (let c = 0; c < d; c++) {
      const v = row[rowOff + c];
      const o = off + c * n;
      if (this.manhattan) for (let i = 0; i < n; i++) out[o + i] = Math.abs(v - X[i * d + c]);
      else
        for (let i = 0; i < n; i++) {
          const t = v - X[i * d + c];
          out[o + i] = t * t;
        }
    }
  }

  /** The scorer's code path (see makeScorer). */
  private exact(row: Float64Array, off: number): number {
    const m = nearest(this.est.metric, this.X, this.n, this.d, row, off, this.k, this.idx, this.dist);
    return knnProbability(this.est.weights, this.est.y, this.idx, this.dist, m);
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    const { n, d, xTerm } = this;
    this.terms(x, 0, xTerm, 0);
    let max = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += xTerm[c * n + i];
      if (s > max) max = s;
    }
    this.xMax = max;
    return this.exact(x, 0);
  }

  protected reset(b: number): void {
    const { n } = this;
    this.acc.set(this.zSum.subarray(b * n, (b + 1) * n));
    const m = this.nbr.length;
    this.nbr.set(this.zNbr.subarray(b * m, (b + 1) * m));
    this.slack = this.slackFactor * (this.xMax + this.zMax[b]);
  }

  protected update(): number {
    const { X, XT, d, x, h, acc, xTerm, top, changed, nChanged, n, slack } = this;
    const L1 = this.manhattan;
    // All but the last changed column: plain updates (the same terms, in the same order, as a fresh
    // (x_c − t)² − (z_c − t)² would give). z's term g(z_c − t_c) is recomputed from the column-major training
    // rows (the same operation, so the same value, as a table would hold; the table of all background rows
    // would not stay in cache).
    for (let t = 0; t < nChanged - 1; t++) {
      const c = changed[t];
      const xo = c * n;
      const zc = h[c];
      if (L1) for (let i = 0; i < n; i++) acc[i] += xTerm[xo + i] - Math.abs(zc - XT[xo + i]);
      else
        for (let i = 0; i < n; i++) {
          const u = zc - XT[xo + i];
          acc[i] += xTerm[xo + i] - u * u;
        }
      h[c] = x[c];
    }
    // The last changed column, fused with the screen. The current neighbours' new sums bound the m-th smallest
    // sum from above (any m rows do), so one pass collects every row that can be among the m nearest; the current
    // neighbours are usually close to the new ones, so the bound is tight and few rows are collected.
    const c = changed[nChanged - 1];
    const xo = c * n;
    const zc = h[c];
    h[c] = x[c]; // the exact re-measurement below needs the new hybrid row
    const m = Math.min(this.k, n);
    const { cand, nbr } = this;
    let upper = -Infinity;
    for (let r = 0; r < m; r++) {
      const i = nbr[r];
      const u = zc - XT[xo + i];
      const a = acc[i] + (xTerm[xo + i] - (L1 ? Math.abs(u) : u * u));
      if (a > upper) upper = a;
    }
    const limit = bound(upper, slack);
    let nc = 0;
    if (L1)
      for (let i = 0; i < n; i++) {
        const a = acc[i] + (xTerm[xo + i] - Math.abs(zc - XT[xo + i]));
        acc[i] = a;
        if (a <= limit) cand[nc++] = i;
      }
    else
      for (let i = 0; i < n; i++) {
        const u = zc - XT[xo + i];
        const a = acc[i] + (xTerm[xo + i] - u * u);
        acc[i] = a;
        if (a <= limit) cand[nc++] = i;
      }
    // The m-th smallest sum (all m smallest were collected: they are ≤ upper).
    for (let q = 0; q < nc; q++) top[q] = acc[cand[q]];
    const mth = select(top, nc, m - 1);
    // m rows have a true sum ≤ top[m−1] + slack; a row whose sum exceeds that by more than the slack cannot be among
    // the m nearest. The 16ε margin in `bound` keeps such a row strictly farther even after the scorer's square
    // root (which can merge close sums) and covers the rounding of the bound itself.
    const tau = bound(mth, slack);
    const { idx, dist } = this;
    let filled = 0;
    for (let q = 0; q < nc; q++) {
      const i = cand[q];
      if (acc[i] > tau) continue;
      // The scorer's own insertion, over candidates in index order.
      filled = insertNeighbour(idx, dist, filled, m, i, distance(this.est.metric, X, i * d, h, 0, d));
    }
    nbr.set(idx.subarray(0, m));
    return knnProbability(this.est.weights, this.est.y, idx, dist, filled);
  }
}

/**
 * The r-th smallest (0-based, with multiplicity) of a[0..len), by quickselect (Hoare partition, middle pivot);
 * reorders a. A few lines, so no selection library is pulled into the browser bundle for it.
 */
function select(a: Float64Array, len: number, r: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return a[r];
  }
  return a[r];
}

/** Largest screened sum a row may have and still be among the nearest: (worst + 2·slack)(1 + 16ε). */
function bound(worst: number, slack: number): number {
  return (worst + 2 * slack) * (1 + 16 * EPS);
}

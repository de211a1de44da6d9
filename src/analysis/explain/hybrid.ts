// The model on "hybrid" customers: the explained customer x on a coalition of players, a background customer z
// on the rest. The permutation explainer walks from z to x one player at a time, so every family gets an
// incremental evaluator that updates only the columns of the player that moved (one column for a numeric
// feature, at most two for a one-hot switch) instead of re-scoring a full row.
//
// Hybrid rows are assembled from x's and z's already-scaled rows. Scaling and encoding act column by column,
// so such a row is bit-identical to transformCustomer() of the hybrid customer. Tree and KNN evaluators then
// return exactly the scorer's value; linear and SVC ones differ from it by rounding of the incremental sums only.

import type { ModelArtifact, SvcEstimator, KnnEstimator, TreeEstimator, LinearEstimator } from "../models/scoring.js";
import { distance, insertNeighbour, knnProbability, linearDecision, nearest, plattProbability, powi, scaledRows, sigmoid, svmDecision, treeLeaf } from "../models/scoring.js";
import type { Players } from "./players.js";

const EPS = 2.220446049250313e-16;

/** f(hybrid) = P(«Снизилась»), exactly as makeScorer computes it (see each evaluator for the precision argument). */
export interface HybridModel {
  /** f(z) of every background row, computed by the scorer's own code path. */
  readonly backgroundOutputs: Float64Array;
  /** Fixes the explained row (encoded and scaled); returns f(x) by the scorer's own code path. */
  setTarget(x: Float64Array): number;
  /** Starts a walk at h = background row b. */
  begin(b: number): void;
  /** Moves player p to x's values (each player at most once per walk); returns f(h). */
  add(p: number): number;
  /**
   * An antithetic pair of walks from background row b (M = order.length players): fwd[t] = f after adding
   * order[0..t], rev[t] = f after adding order[M−1−t..M−1], for t = 0..M−2 (after all M players h = x).
   * Same values as begin/add step by step.
   */
  walkPair(b: number, order: Int32Array, fwd: Float64Array, rev: Float64Array): void;
}

/**
 * `background` holds `nb` encoded and scaled rows, row-major (width = players.width).
 */
export function hybridModel(model: ModelArtifact, players: Players, background: Float64Array, nb: number): HybridModel {
  const est = model.estimator;
  switch (est.kind) {
    case "linear":
      return new LinearHybrid(est, players, background, nb);
    case "tree":
      return new TreeHybrid(est, players, background, nb);
    case "knn":
      return new KnnHybrid(model, est, players, background, nb);
    case "svc":
      return new SvcHybrid(model, est, players, background, nb);
  }
}

/** Shared bookkeeping: the current hybrid row and which of a player's columns actually differ between x and z. */
abstract class HybridBase implements HybridModel {
  readonly backgroundOutputs: Float64Array;
  protected readonly d: number;
  protected x: Float64Array = new Float64Array(0);
  protected readonly h: Float64Array;
  protected current = NaN;
  /** Columns of the player being added whose values differ between x and h (filled by `add`). */
  protected readonly changed: Int32Array;
  protected nChanged = 0;

  constructor(
    protected readonly players: Players,
    protected readonly background: Float64Array,
    protected readonly nb: number,
  ) {
    this.d = players.width;
    this.h = new Float64Array(this.d);
    this.changed = new Int32Array(this.d);
    this.backgroundOutputs = new Float64Array(nb);
  }

  abstract setTarget(x: Float64Array): number;
  /** Per-walk state for background row b. */
  protected abstract reset(b: number): void;
  /**
   * f after moving `changed[0..nChanged)` to x. On entry h still holds the background values there; an
   * evaluator that needs the new row may write x's values into h itself.
   */
  protected abstract update(): number;

  begin(b: number): void {
    this.h.set(this.background.subarray(b * this.d, (b + 1) * this.d));
    this.current = this.backgroundOutputs[b];
    this.reset(b);
  }

  walkPair(b: number, order: Int32Array, fwd: Float64Array, rev: Float64Array): void {
    const M = order.length;
    this.begin(b);
    for (let t = 0; t < M - 1; t++) fwd[t] = this.add(order[t]);
    this.begin(b);
    for (let t = 0; t < M - 1; t++) rev[t] = this.add(order[M - 1 - t]);
  }

  add(p: number): number {
    const cols = this.players.columns[p];
    let m = 0;
    for (let t = 0; t < cols.length; t++) {
      const c = cols[t];
      if (this.x[c] !== this.h[c]) this.changed[m++] = c;
    }
    this.nChanged = m;
    // Same values for this player: the hybrid row, hence f, is unchanged.
    if (m === 0) return this.current;
    this.current = this.update();
    for (let t = 0; t < m; t++) this.h[this.changed[t]] = this.x[this.changed[t]];
    return this.current;
  }
}

class LinearHybrid extends HybridBase {
  private readonly zLogit: Float64Array;
  private logit = 0;

  constructor(private readonly est: LinearEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    this.zLogit = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      this.zLogit[b] = linearDecision(est.coef, est.intercept, background, b * this.d);
      this.backgroundOutputs[b] = sigmoid(this.zLogit[b]);
    }
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    return sigmoid(linearDecision(this.est.coef, this.est.intercept, x));
  }

  protected reset(b: number): void {
    this.logit = this.zLogit[b];
  }

  protected update(): number {
    // h still holds z's values of the changing columns here.
    for (let t = 0; t < this.nChanged; t++) {
      const c = this.changed[t];
      this.logit += this.est.coef[c] * (this.x[c] - this.h[c]);
    }
    return sigmoid(this.logit);
  }
}

class TreeHybrid extends HybridBase {
  constructor(private readonly est: TreeEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    for (let b = 0; b < nb; b++) this.backgroundOutputs[b] = est.value[treeLeaf(est, background, b * this.d)];
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    return this.est.value[treeLeaf(this.est, x)];
  }

  protected reset(): void {}

  protected update(): number {
    // A root-to-leaf descent on the new hybrid row is cheaper than any incremental bookkeeping.
    const { h, x, changed } = this;
    for (let t = 0; t < this.nChanged; t++) h[changed[t]] = x[changed[t]];
    return this.est.value[treeLeaf(this.est, h)];
  }
}

/**
 * SVC. rbf: the kernel factorises over columns, K(h, v) = Π_c exp(−γ(h_c − v_c)²), so moving column c from z to x
 * multiplies each support vector's kernel value by exp(−γ(x_c − v_c)²) / exp(−γ(z_c − v_c)²): both factors are
 * tabulated (x's once per customer, 1/z's once per background row), so a step costs two multiplications per
 * support vector and no exp. A background row whose reciprocal factor would overflow (γ(z_c − v_c)² > 600) walks
 * with the additive form instead: ‖h − sv‖² updated for the changed columns, one exp per support vector.
 * linear: the decision is w·h − ρ with w = Σ coef·sv, updated in O(1) per step. poly: dot products h·sv updated
 * per changed column. Either way the result differs from a fresh kernel sum by rounding only (relative ~1e-15);
 * the walk endpoints use the scorer's exact f(z), f(x).
 */
const MAX_LOG_FACTOR = 600;

class SvcHybrid extends HybridBase {
  private readonly sv: Float64Array;
  /** Column-major copy: an update walks one column over all support vectors. */
  private readonly svT: Float64Array;
  private readonly coef: Float64Array;
  private readonly nsv: number;
  private readonly kernel: SvcEstimator["kernel"];
  /** rbf: per background row and support vector ‖z − sv‖²; poly: z·sv. */
  private readonly zAcc: Float64Array;
  private readonly acc: Float64Array;
  /** rbf: K(z_b, sv_i); per row b, column c, support vector i: exp(+γ(z_bc − v_ic)²); rows that fit. */
  private readonly zK: Float64Array;
  private readonly zInv: Float64Array;
  private readonly multiplicative: Uint8Array;
  /** rbf: exp(−γ(x_c − v_ic)²) of the explained customer, column-major. */
  private readonly xFactor: Float64Array;
  private readonly kv: Float64Array;
  private walkMultiplicative = false;
  private row = 0;
  /** linear: w = Σ coef·sv, w·z per background row, and the running w·h. */
  private readonly w: Float64Array;
  private readonly zDot: Float64Array;
  private dot = 0;

  constructor(model: ModelArtifact, private readonly est: SvcEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    this.sv = scaledRows(model.preprocessor, est.raw_support_vectors);
    this.nsv = est.dual_coef.length;
    if (est.raw_support_vectors.length !== this.nsv) throw new Error("SVC estimator needs one dual coefficient per support vector");
    const { nsv, d } = this;
    this.svT = transpose(this.sv, nsv, d);
    this.coef = Float64Array.from(est.dual_coef);
    this.kernel = est.kernel;
    const rbf = this.kernel === "rbf";
    const poly = this.kernel === "poly";
    const linear = this.kernel === "linear";
    this.zAcc = new Float64Array(rbf || poly ? nb * nsv : 0);
    this.acc = new Float64Array(nsv);
    this.kv = new Float64Array(nsv);
    this.zK = new Float64Array(rbf ? nb * nsv : 0);
    this.zInv = new Float64Array(rbf ? nb * d * nsv : 0);
    this.multiplicative = new Uint8Array(nb);
    this.xFactor = new Float64Array(rbf ? d * nsv : 0);
    this.w = new Float64Array(linear ? d : 0);
    this.zDot = new Float64Array(linear ? nb : 0);
    if (linear) for (let i = 0; i < nsv; i++) for (let j = 0; j < d; j++) this.w[j] += this.coef[i] * this.sv[i * d + j];
    const g = est.gamma;
    for (let b = 0; b < nb; b++) {
      if (linear) {
        let s = 0;
        for (let j = 0; j < d; j++) s += this.w[j] * background[b * d + j];
        this.zDot[b] = s;
      } else {
        for (let i = 0; i < nsv; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const zj = background[b * d + j];
            const vj = this.sv[i * d + j];
            s += rbf ? (zj - vj) * (zj - vj) : zj * vj;
          }
          this.zAcc[b * nsv + i] = s;
          if (rbf) this.zK[b * nsv + i] = Math.exp(-g * Math.max(s, 0));
        }
      }
      if (rbf) {
        let ok = true;
        for (let c = 0; c < d && ok; c++) {
          const zc = background[b * d + c];
          const off = (b * d + c) * nsv;
          for (let i = 0; i < nsv; i++) {
            const t = zc - this.svT[c * nsv + i];
            const e = g * t * t;
            if (!(e <= MAX_LOG_FACTOR)) {
              ok = false;
              break;
            }
            this.zInv[off + i] = Math.exp(e);
          }
        }
        this.multiplicative[b] = ok ? 1 : 0;
      }
      this.backgroundOutputs[b] = this.exact(background, b * d);
    }
  }

  private exact(row: Float64Array, off: number): number {
    return plattProbability(svmDecision(this.est, this.sv, this.d, row, off), this.est.prob_a, this.est.prob_b);
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    if (this.kernel === "rbf") {
      const { nsv, d, svT, xFactor } = this;
      const g = -this.est.gamma;
      for (let c = 0; c < d; c++) {
        const xc = x[c];
        const off = c * nsv;
        for (let i = 0; i < nsv; i++) {
          const t = xc - svT[off + i];
          xFactor[off + i] = Math.exp(g * t * t);
        }
      }
    }
    return this.exact(x, 0);
  }

  protected reset(b: number): void {
    const { nsv } = this;
    this.row = b;
    if (this.kernel === "linear") this.dot = this.zDot[b];
    else if (this.kernel === "rbf" && this.multiplicative[b]) {
      this.walkMultiplicative = true;
      this.kv.set(this.zK.subarray(b * nsv, (b + 1) * nsv));
    } else {
      this.walkMultiplicative = false;
      this.acc.set(this.zAcc.subarray(b * nsv, (b + 1) * nsv));
    }
  }

  private probability(decision: number): number {
    return plattProbability(this.est.sign * (decision - this.est.rho), this.est.prob_a, this.est.prob_b);
  }

  protected update(): number {
    const { est, svT, x, h, acc, changed, nChanged, nsv, coef } = this;
    if (this.kernel === "linear") {
      for (let t = 0; t < nChanged; t++) {
        const c = changed[t];
        this.dot += this.w[c] * (x[c] - h[c]);
      }
      return this.probability(this.dot);
    }
    if (this.walkMultiplicative) {
      const { kv, xFactor, zInv } = this;
      const zBase = this.row * this.d * nsv;
      for (let t = 0; t < nChanged - 1; t++) {
        const c = changed[t];
        const xo = c * nsv;
        const zo = zBase + xo;
        for (let i = 0; i < nsv; i++) kv[i] *= xFactor[xo + i] * zInv[zo + i];
      }
      const c = changed[nChanged - 1];
      const xo = c * nsv;
      const zo = zBase + xo;
      let sum = 0;
      for (let i = 0; i < nsv; i++) {
        const k = kv[i] * (xFactor[xo + i] * zInv[zo + i]);
        kv[i] = k;
        sum += coef[i] * k;
      }
      return this.probability(sum);
    }
    const rbf = this.kernel === "rbf";
    for (let t = 0; t < nChanged; t++) {
      const c = changed[t];
      const xc = x[c];
      const zc = h[c];
      const col = c * nsv;
      if (rbf) {
        for (let i = 0; i < nsv; i++) {
          const v = svT[col + i];
          acc[i] += (xc - v) * (xc - v) - (zc - v) * (zc - v);
        }
      } else {
        for (let i = 0; i < nsv; i++) acc[i] += (xc - zc) * svT[col + i];
      }
    }
    let sum = 0;
    if (rbf) {
      const g = -est.gamma;
      for (let i = 0; i < nsv; i++) sum += coef[i] * Math.exp(g * Math.max(acc[i], 0));
    } else {
      for (let i = 0; i < nsv; i++) sum += coef[i] * powi(est.gamma * acc[i] + est.coef0, est.degree);
    }
    return this.probability(sum);
  }
}

/**
 * KNN: a neighbour set is discrete, so a rounding difference at an exact distance tie would change P by 1/k.
 * The evaluator therefore reproduces the scorer bit for bit: incrementally updated sums (squared distances or L1
 * sums) only *screen* the training rows, with a rigorous rounding slack; every row that could be among the k
 * nearest is re-measured with the scorer's own `distance` on the hybrid row, and the k nearest are chosen with the
 * scorer's (distance, index) order. The per-column terms g(x_c − t_c) (per customer) and g(z_c − t_c) (per
 * background row) are tabulated, so a step is one pass of subtract-and-add over the training rows plus about k
 * exact distances, instead of n exact distances.
 */
/** Background tables larger than this many numbers are rebuilt per background row instead of kept. */
const MAX_TABLE = 1 << 24;

class KnnHybrid extends HybridBase {
  private readonly X: Float64Array;
  private readonly n: number;
  private readonly k: number;
  private readonly manhattan: boolean;
  /** Per background row and training row: Σ_c g(z_c − t_c), summed in column order (as the scorer does). */
  private readonly zSum: Float64Array;
  /** Largest zSum of each background row. */
  private readonly zMax: Float64Array;
  /** g(z_bc − t_ic), per background row b, column-major within b (rows of b at (b·d + c)·n + i) — or one row's. */
  private readonly zTerm: Float64Array;
  private readonly zTermAll: boolean;
  private zTermRow = -1;
  /** g(x_c − t_ic) of the explained customer, column-major. */
  private readonly xTerm: Float64Array;
  private xMax = 0;
  private readonly acc: Float64Array;
  private readonly slackFactor: number;
  private slack = 0;
  private zOff = 0;
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
    this.zTermAll = nb * d * n <= MAX_TABLE;
    this.zTerm = new Float64Array((this.zTermAll ? nb : 1) * d * n);
    this.xTerm = new Float64Array(d * n);
    this.acc = new Float64Array(n);
    this.top = new Float64Array(this.k);
    this.idx = new Int32Array(this.k);
    this.dist = new Float64Array(this.k);
    this.cand = new Int32Array(n);
    const m = Math.min(this.k, n);
    this.nbr = new Int32Array(m);
    this.zNbr = new Int32Array(nb * m);
    for (let b = 0; b < nb; b++) {
      if (this.zTermAll) this.terms(background, b * d, this.zTerm, b * d * n);
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
    const { n, d } = this;
    this.acc.set(this.zSum.subarray(b * n, (b + 1) * n));
    const m = this.nbr.length;
    this.nbr.set(this.zNbr.subarray(b * m, (b + 1) * m));
    this.slack = this.slackFactor * (this.xMax + this.zMax[b]);
    if (this.zTermAll) this.zOff = b * d * n;
    else {
      if (this.zTermRow !== b) this.terms(this.background, b * d, this.zTerm, 0);
      this.zTermRow = b;
      this.zOff = 0;
    }
  }

  protected update(): number {
    const { X, d, x, h, acc, xTerm, zTerm, top, changed, nChanged, n, slack } = this;
    // All but the last changed column: plain updates (the same terms, in the same order, as a fresh
    // (x_c − t)² − (z_c − t)² would give).
    for (let t = 0; t < nChanged - 1; t++) {
      const c = changed[t];
      const xo = c * n;
      const zo = this.zOff + xo;
      for (let i = 0; i < n; i++) acc[i] += xTerm[xo + i] - zTerm[zo + i];
      h[c] = x[c];
    }
    // The last changed column, fused with the screen. The current neighbours' new sums bound the m-th smallest
    // sum from above (any m rows do), so one pass collects every row that can be among the m nearest; the current
    // neighbours are usually close to the new ones, so the bound is tight and few rows are collected.
    const c = changed[nChanged - 1];
    const xo = c * n;
    const zo = this.zOff + xo;
    h[c] = x[c]; // the exact re-measurement below needs the new hybrid row
    const m = Math.min(this.k, n);
    const { cand, nbr } = this;
    let upper = -Infinity;
    for (let r = 0; r < m; r++) {
      const i = nbr[r];
      const a = acc[i] + (xTerm[xo + i] - zTerm[zo + i]);
      if (a > upper) upper = a;
    }
    const limit = bound(upper, slack);
    let nc = 0;
    for (let i = 0; i < n; i++) {
      const a = acc[i] + (xTerm[xo + i] - zTerm[zo + i]);
      acc[i] = a;
      if (a <= limit) cand[nc++] = i;
    }
    // The m-th smallest sum (all m smallest were collected: they are ≤ upper).
    top.fill(Infinity);
    for (let q = 0; q < nc; q++) {
      const a = acc[cand[q]];
      if (!(a < top[m - 1])) continue;
      let p = m - 1;
      while (p > 0 && top[p - 1] > a) {
        top[p] = top[p - 1];
        p--;
      }
      top[p] = a;
    }
    // m rows have a true sum ≤ top[m−1] + slack; a row whose sum exceeds that by more than the slack cannot be among
    // the m nearest. The 16ε margin in `bound` keeps such a row strictly farther even after the scorer's square
    // root (which can merge close sums) and covers the rounding of the bound itself.
    const tau = bound(top[m - 1], slack);
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

/** Largest screened sum a row may have and still be among the nearest: (worst + 2·slack)(1 + 16ε). */
function bound(worst: number, slack: number): number {
  return (worst + 2 * slack) * (1 + 16 * EPS);
}

function transpose(rows: Float64Array, n: number, d: number): Float64Array {
  const t = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) t[j * n + i] = rows[i * d + j];
  return t;
}

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
 * SVC: per support vector, the squared distance (rbf) or the dot product (linear, poly) with h is updated for the
 * changed columns only. The result differs from a fresh kernel sum by rounding (~1e-16 relative); the decision
 * function is continuous, so P changes by the same order. Walk endpoints use the scorer's exact f(z), f(x).
 */
class SvcHybrid extends HybridBase {
  private readonly sv: Float64Array;
  /** Column-major copy: an update walks one column over all support vectors. */
  private readonly svT: Float64Array;
  private readonly coef: Float64Array;
  private readonly nsv: number;
  private readonly rbf: boolean;
  /** Per background row and support vector: ‖z − sv‖² (rbf) or z·sv. */
  private readonly zAcc: Float64Array;
  private readonly acc: Float64Array;

  constructor(model: ModelArtifact, private readonly est: SvcEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    this.sv = scaledRows(model.preprocessor, est.raw_support_vectors);
    this.nsv = est.dual_coef.length;
    if (est.raw_support_vectors.length !== this.nsv) throw new Error("SVC estimator needs one dual coefficient per support vector");
    this.svT = transpose(this.sv, this.nsv, this.d);
    this.coef = Float64Array.from(est.dual_coef);
    this.rbf = est.kernel === "rbf";
    this.zAcc = new Float64Array(nb * this.nsv);
    this.acc = new Float64Array(this.nsv);
    const d = this.d;
    for (let b = 0; b < nb; b++) {
      for (let i = 0; i < this.nsv; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const zj = background[b * d + j];
          const vj = this.sv[i * d + j];
          s += this.rbf ? (zj - vj) * (zj - vj) : zj * vj;
        }
        this.zAcc[b * this.nsv + i] = s;
      }
      this.backgroundOutputs[b] = this.exact(background, b * d);
    }
  }

  private exact(row: Float64Array, off: number): number {
    return plattProbability(svmDecision(this.est, this.sv, this.d, row, off), this.est.prob_a, this.est.prob_b);
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    return this.exact(x, 0);
  }

  protected reset(b: number): void {
    this.acc.set(this.zAcc.subarray(b * this.nsv, (b + 1) * this.nsv));
  }

  protected update(): number {
    const { est, svT, x, h, acc, changed, nChanged, nsv, coef } = this;
    for (let t = 0; t < nChanged; t++) {
      const c = changed[t];
      const xc = x[c];
      const zc = h[c];
      const col = c * nsv;
      if (this.rbf) {
        for (let i = 0; i < nsv; i++) {
          const v = svT[col + i];
          acc[i] += (xc - v) * (xc - v) - (zc - v) * (zc - v);
        }
      } else {
        for (let i = 0; i < nsv; i++) acc[i] += (xc - zc) * svT[col + i];
      }
    }
    let sum = 0;
    if (this.rbf) {
      const g = -est.gamma;
      for (let i = 0; i < nsv; i++) sum += coef[i] * Math.exp(g * Math.max(acc[i], 0));
    } else if (est.kernel === "linear") {
      for (let i = 0; i < nsv; i++) sum += coef[i] * acc[i];
    } else {
      for (let i = 0; i < nsv; i++) sum += coef[i] * powi(est.gamma * acc[i] + est.coef0, est.degree);
    }
    return plattProbability(est.sign * (sum - est.rho), est.prob_a, est.prob_b);
  }
}

/**
 * KNN: a neighbour set is discrete, so a rounding difference at an exact distance tie would change P by 1/k.
 * The evaluator therefore reproduces the scorer bit for bit: incrementally updated sums (squared distances or L1
 * sums) only *screen* the training rows, with a rigorous rounding slack per row; every row that could be among
 * the k nearest is re-measured with the scorer's own `distance` on the hybrid row, and the k nearest are chosen
 * with the scorer's (distance, index) order. Cost per step: two passes over the training rows plus about k exact
 * distances, instead of n exact distances.
 */
class KnnHybrid extends HybridBase {
  private readonly X: Float64Array;
  /** Column-major copy: an update walks one column over all training rows. */
  private readonly XT: Float64Array;
  private readonly n: number;
  private readonly k: number;
  private readonly manhattan: boolean;
  /** Per background row and training row: Σ_c g(z_c − t_c) with g = square (euclidean) or |·| (manhattan). */
  private readonly zSum: Float64Array;
  private readonly xSum: Float64Array;
  private readonly acc: Float64Array;
  private readonly slack: Float64Array;
  private readonly slackFactor: number;
  private readonly upper: Float64Array;
  private readonly idx: Int32Array;
  private readonly dist: Float64Array;
  private readonly cand: Int32Array;

  constructor(model: ModelArtifact, private readonly est: KnnEstimator, players: Players, background: Float64Array, nb: number) {
    super(players, background, nb);
    this.X = scaledRows(model.preprocessor, est.raw_X);
    this.n = est.y.length;
    this.XT = transpose(this.X, this.n, this.d);
    this.k = est.n_neighbors;
    this.manhattan = est.metric === "manhattan";
    if (!(this.k >= 1) || this.n === 0 || est.raw_X.length !== this.n) throw new Error("KNN estimator needs k ≥ 1 and one label per training row");
    // Error budget, first order in ε, with T = Σ_c g(x_c − t_c) + g(z_c − t_c) bounding every partial sum: terms
    // carry relative error ≤ 3ε, so the initial z-terms, the added x-terms and the removed z-terms each err by
    // ≤ 3ε·T; the ≤ 3d additions (d initial, two per changed column) by ≤ 3d·ε·T; the scorer's own sum by
    // ≤ (d + 3)·ε·T. So |screened − scorer| ≤ (4d + 12)·ε·T; the slack below allows 8(4d + M + 16)·ε·T.
    this.slackFactor = 8 * (4 * this.d + players.names.length + 16) * EPS;
    this.zSum = new Float64Array(nb * this.n);
    this.xSum = new Float64Array(this.n);
    this.acc = new Float64Array(this.n);
    this.slack = new Float64Array(this.n);
    this.upper = new Float64Array(this.k);
    this.idx = new Int32Array(this.k);
    this.dist = new Float64Array(this.k);
    this.cand = new Int32Array(this.n);
    for (let b = 0; b < nb; b++) {
      this.sums(background, b * this.d, this.zSum, b * this.n);
      this.backgroundOutputs[b] = this.exact(background, b * this.d);
    }
  }

  private sums(row: Float64Array, off: number, out: Float64Array, outOff: number): void {
    const { X, d } = this;
    for (let i = 0; i < this.n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = row[off + j] - X[i * d + j];
        s += this.manhattan ? Math.abs(t) : t * t;
      }
      out[outOff + i] = s;
    }
  }

  /** The scorer's code path (see makeScorer). */
  private exact(row: Float64Array, off: number): number {
    const m = nearest(this.est.metric, this.X, this.n, this.d, row, off, this.k, this.idx, this.dist);
    return knnProbability(this.est.weights, this.est.y, this.idx, this.dist, m);
  }

  setTarget(x: Float64Array): number {
    this.x = x;
    this.sums(x, 0, this.xSum, 0);
    return this.exact(x, 0);
  }

  protected reset(b: number): void {
    const off = b * this.n;
    for (let i = 0; i < this.n; i++) {
      this.acc[i] = this.zSum[off + i];
      this.slack[i] = this.slackFactor * (this.xSum[i] + this.zSum[off + i]);
    }
  }

  protected update(): number {
    const { X, XT, d, x, h, acc, slack, upper, changed, nChanged, n, manhattan } = this;
    // All but the last changed column: plain updates.
    for (let t = 0; t < nChanged - 1; t++) {
      const c = changed[t];
      const xc = x[c];
      const zc = h[c];
      const col = c * n;
      for (let i = 0; i < n; i++) {
        const v = XT[col + i];
        acc[i] += manhattan ? Math.abs(xc - v) - Math.abs(zc - v) : (xc - v) * (xc - v) - (zc - v) * (zc - v);
      }
      h[c] = xc;
    }
    // The last changed column, fused with the screen: keep the m smallest upper bounds (sorted, by insertion; most
    // rows fail the first comparison) and collect rows whose lower bound is within the running m-th upper bound.
    // The final bound can only be lower, so every row that passes the final test below was collected, in index order.
    const c = changed[nChanged - 1];
    const xc = x[c];
    const zc = h[c];
    const col = c * n;
    h[c] = xc; // the exact re-measurement below needs the new hybrid row
    const m = Math.min(this.k, n);
    const { cand } = this;
    upper.fill(Infinity);
    let worst = Infinity;
    let limit = Infinity;
    let nc = 0;
    for (let i = 0; i < n; i++) {
      const v = XT[col + i];
      const a = acc[i] + (manhattan ? Math.abs(xc - v) - Math.abs(zc - v) : (xc - v) * (xc - v) - (zc - v) * (zc - v));
      acc[i] = a;
      const sl = slack[i];
      const ub = a + sl;
      if (ub < worst) {
        let p = m - 1;
        while (p > 0 && upper[p - 1] > ub) {
          upper[p] = upper[p - 1];
          p--;
        }
        upper[p] = ub;
        worst = upper[m - 1];
        limit = worst * (1 + 8 * EPS);
      }
      if (a - sl <= limit) cand[nc++] = i;
    }
    // m rows have a true sum ≤ tau; a row whose lower bound exceeds it cannot be among the m nearest. The 8ε
    // margin keeps such a row strictly farther even after the scorer's square root (which can merge close sums).
    const tau = worst * (1 + 8 * EPS);
    const { idx, dist } = this;
    let filled = 0;
    for (let q = 0; q < nc; q++) {
      const i = cand[q];
      if (acc[i] - slack[i] > tau) continue;
      // The scorer's own insertion, over candidates in index order.
      filled = insertNeighbour(idx, dist, filled, m, i, distance(this.est.metric, X, i * d, h, 0, d));
    }
    return knnProbability(this.est.weights, this.est.y, idx, dist, filled);
  }
}

function transpose(rows: Float64Array, n: number, d: number): Float64Array {
  const t = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) t[j * n + i] = rows[i * d + j];
  return t;
}

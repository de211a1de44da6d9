// L1 / L2 logistic regression solving exactly the problem sklearn's LogisticRegression(solver='liblinear') solves.
// Hand-written because liblinear itself has no maintained JS port.
//
// liblinear appends a constant feature equal to `intercept_scaling` (1) and penalises its weight like any other:
//   L2: min_w  ½‖w‖²  + C Σ log(1 + exp(−y_i w·x̃_i))
//   L1: min_w  ‖w‖₁   + C Σ log(1 + exp(−y_i w·x̃_i))        with x̃_i = [x_i, intercept_scaling], y ∈ {−1, +1}
// and intercept_ = intercept_scaling · w_last. We solve the same convex problem to a much tighter tolerance
// (L2: damped Newton on the primal; L1: proximal Newton with coordinate-descent inner solves, as newGLMNET),
// so the coefficients agree with sklearn's optimum, not with where liblinear happened to stop.

import { solveSpd, zeros, type Matrix } from "../stats/linalg.js";
import { linearDecision, sigmoid, type LinearEstimator } from "./scoring.js";

export interface LogisticRegressionParams {
  penalty: "l1" | "l2";
  C: number;
  /** Relative stopping tolerance on the (sub)gradient norm, ‖g‖∞ ≤ tol·‖g(0)‖∞. */
  tol?: number;
  maxIter?: number;
  interceptScaling?: number;
}

export class LogisticRegression {
  readonly penalty: "l1" | "l2";
  readonly C: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly interceptScaling: number;
  coef: Float64Array = new Float64Array(0);
  intercept = 0;
  nIter = 0;
  converged = false;

  constructor(params: LogisticRegressionParams) {
    if (!(params.C > 0)) throw new Error("C must be positive");
    this.penalty = params.penalty;
    this.C = params.C;
    this.tol = params.tol ?? 1e-10;
    this.maxIter = params.maxIter ?? 500;
    this.interceptScaling = params.interceptScaling ?? 1;
  }

  /** y ∈ {0, 1}; `init` warm-starts from another fit (e.g. the previous C on a path). */
  fit(X: Matrix, y: ArrayLike<number>, init?: { coef: ArrayLike<number>; intercept: number }): this {
    if (X.rows !== y.length) throw new Error("X and y differ in length");
    const D = X.cols + 1;
    const w = new Float64Array(D);
    if (init) {
      w.set(init.coef);
      w[D - 1] = init.intercept / this.interceptScaling;
    }
    const prob = new Problem(X, y, this.interceptScaling, this.C);
    const res = this.penalty === "l2" ? solveL2(prob, w, this.tol, this.maxIter) : solveL1(prob, w, this.tol, this.maxIter);
    this.nIter = res.iter;
    this.converged = res.converged;
    this.coef = w.slice(0, D - 1);
    this.intercept = this.interceptScaling * w[D - 1];
    return this;
  }

  decisionFunction(X: Matrix): Float64Array {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = linearDecision(this.coef, this.intercept, X.data, i * X.cols);
    return out;
  }

  /** P(y = 1), i.e. column 1 of sklearn's predict_proba. */
  predictProba(X: Matrix): Float64Array {
    return this.decisionFunction(X).map(sigmoid);
  }

  toEstimator(): LinearEstimator {
    return { coef: Array.from(this.coef), intercept: this.intercept };
  }
}

/** The data term C Σ log(1 + exp(−y z)), its gradient and Hessian, on the augmented design. */
class Problem {
  readonly n: number;
  readonly D: number;
  readonly ys: Float64Array; // ±1
  readonly z: Float64Array;
  readonly sig: Float64Array; // σ(y z)

  constructor(
    readonly X: Matrix,
    y: ArrayLike<number>,
    readonly s: number,
    readonly C: number,
  ) {
    this.n = X.rows;
    this.D = X.cols + 1;
    this.ys = Float64Array.from(y, (v) => (v === 1 ? 1 : -1));
    this.z = new Float64Array(this.n);
    this.sig = new Float64Array(this.n);
  }

  /** Data loss at w (also caches margins for gradient/Hessian). */
  loss(w: Float64Array): number {
    const { X, n, D, s } = this;
    const d = D - 1;
    let f = 0;
    for (let i = 0; i < n; i++) {
      let zi = w[d] * s;
      const off = i * d;
      for (let j = 0; j < d; j++) zi += w[j] * X.data[off + j];
      this.z[i] = zi;
      const t = this.ys[i] * zi;
      f += t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t));
      this.sig[i] = sigmoid(t);
    }
    return this.C * f;
  }

  /** Gradient and Hessian of the data term at the w of the last `loss` call. */
  derivatives(g: Float64Array, hessian: Matrix): void {
    const { X, n, D, s, C } = this;
    const H = hessian.data;
    const d = D - 1;
    g.fill(0);
    H.fill(0);
    const row = new Float64Array(D);
    for (let i = 0; i < n; i++) {
      row.set(X.data.subarray(i * d, (i + 1) * d));
      row[d] = s;
      const gi = -C * this.ys[i] * (1 - this.sig[i]);
      const hi = C * this.sig[i] * (1 - this.sig[i]);
      for (let a = 0; a < D; a++) {
        g[a] += gi * row[a];
        const ha = hi * row[a];
        if (ha === 0) continue;
        for (let b = 0; b <= a; b++) H[a * D + b] += ha * row[b];
      }
    }
    for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) H[b * D + a] = H[a * D + b];
  }
}

interface SolveResult {
  iter: number;
  converged: boolean;
}

const maxAbs = (v: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};

const negligible = (step: Float64Array, w: Float64Array) => step.every((s, j) => Math.abs(s) <= 1e-13 * Math.max(1, Math.abs(w[j])));

/**
 * One damped step from w along `dir`, whose predicted decrease of the objective is `slope` (< 0): the largest
 * α = 1, ½, ¼ … (60 halvings) with objective(w + α·dir) ≤ f + armijo·α·slope (Armijo backtracking). w moves there and
 * the new objective is returned; null when no α decreases it, i.e. w is the optimum to machine precision (then
 * objective(w) was evaluated last, so the Problem's margins are w's).
 */
function dampedStep(w: Float64Array, dir: Float64Array, f: number, slope: number, armijo: number, objective: (v: Float64Array) => number, trial: Float64Array): number | null {
  const D = w.length;
  if (-slope <= 1e-13 * Math.max(1, Math.abs(f))) {
    // The decrease is below f's floating resolution, so a line search cannot see it; inside this region the
    // full (proximal) Newton step is safe (quadratic convergence) and the optimality test ends the loop.
    for (let j = 0; j < D; j++) w[j] += dir[j];
    return objective(w);
  }
  let alpha = 1;
  for (let ls = 0; ls < 60; ls++) {
    for (let j = 0; j < D; j++) trial[j] = w[j] + alpha * dir[j];
    const ft = objective(trial);
    if (ft <= f + armijo * alpha * slope) {
      w.set(trial);
      return ft;
    }
    alpha /= 2;
  }
  objective(w);
  return null;
}

function solveL2(p: Problem, w: Float64Array, tol: number, maxIter: number): SolveResult {
  const D = p.D;
  const g = new Float64Array(D);
  const hessian = zeros(D, D);
  const H = hessian.data;
  const obj = (v: Float64Array) => {
    let r = 0;
    for (let j = 0; j < D; j++) r += v[j] * v[j];
    return 0.5 * r + p.loss(v);
  };
  // reference gradient norm at w = 0, as liblinear's relative criterion
  const zero = new Float64Array(D);
  p.loss(zero);
  p.derivatives(g, hessian);
  const g0 = Math.max(maxAbs(g), 1e-300);
  let f = obj(w);
  const trial = new Float64Array(D);
  for (let iter = 0; iter < maxIter; iter++) {
    p.derivatives(g, hessian);
    for (let j = 0; j < D; j++) {
      g[j] += w[j];
      H[j * D + j] += 1;
    }
    if (maxAbs(g) <= tol * g0) return { iter, converged: true };
    // The Newton direction −H⁻¹g (Jacobi-scaled Cholesky: unscaled revenue columns make H badly scaled).
    const dir = solveSpd(hessian, g).map((s) => -s);
    // A Newton step below floating resolution of w: the optimum is reached to machine precision.
    if (negligible(dir, w)) return { iter, converged: true };
    let gd = 0;
    for (let j = 0; j < D; j++) gd += g[j] * dir[j];
    const next = dampedStep(w, dir, f, gd, 1e-4, obj, trial);
    if (next === null) return { iter, converged: true };
    f = next;
  }
  obj(w);
  return { iter: maxIter, converged: false };
}

function solveL1(p: Problem, w: Float64Array, tol: number, maxIter: number): SolveResult {
  const D = p.D;
  const g = new Float64Array(D);
  const hessian = zeros(D, D);
  const H = hessian.data;
  const l1 = (v: Float64Array) => {
    let r = 0;
    for (let j = 0; j < D; j++) r += Math.abs(v[j]);
    return r;
  };
  // minimum-norm subgradient of ‖w‖₁ + L(w)
  const subgrad = (v: Float64Array) => {
    let m = 0;
    for (let j = 0; j < D; j++) {
      const r = v[j] > 0 ? g[j] + 1 : v[j] < 0 ? g[j] - 1 : Math.max(Math.abs(g[j]) - 1, 0);
      m = Math.max(m, Math.abs(r));
    }
    return m;
  };
  const zero = new Float64Array(D);
  p.loss(zero);
  p.derivatives(g, hessian);
  const v0 = Math.max(subgrad(zero), 1e-300);
  let f = p.loss(w) + l1(w);
  const d = new Float64Array(D);
  const Hd = new Float64Array(D);
  const trial = new Float64Array(D);
  for (let iter = 0; iter < maxIter; iter++) {
    p.derivatives(g, hessian);
    const v = subgrad(w);
    if (v <= tol * v0) return { iter, converged: true };
    for (let j = 0; j < D; j++) H[j * D + j] += 1e-12; // newGLMNET's ν keeps the diagonal positive
    // Inner solve: coordinate descent on  g·d + ½ dᵀHd + ‖w + d‖₁  (to high accuracy; D is ~20). On unscaled data
    // H is badly conditioned and coordinate descent crawls, so every few sweeps we take the sign pattern it has
    // found and solve that pattern's linear system exactly; when the result satisfies the optimality conditions it
    // is the inner minimiser (to machine precision) and coordinate descent stops.
    d.fill(0);
    Hd.fill(0);
    for (let sweep = 0; sweep < 20000; sweep++) {
      if (sweep > 0 && sweep % 8 === 0 && exactForPattern(g, H, w, d, Hd, D)) break;
      let maxChange = 0;
      for (let j = 0; j < D; j++) {
        const hjj = H[j * D + j];
        const G = g[j] + Hd[j];
        const a = w[j] + d[j];
        let z: number; // closed-form minimiser along coordinate j (soft threshold)
        if (G + 1 <= hjj * a) z = -(G + 1) / hjj;
        else if (G - 1 >= hjj * a) z = -(G - 1) / hjj;
        else z = -a;
        if (z === 0) continue;
        d[j] += z;
        for (let k = 0; k < D; k++) Hd[k] += z * H[k * D + j];
        maxChange = Math.max(maxChange, Math.abs(z) * Math.sqrt(hjj));
      }
      if (maxChange <= 1e-14 * (1 + Math.sqrt(p.C * p.n))) break;
    }
    if (negligible(d, w)) return { iter, converged: true };
    let delta = 0; // Δ = g·d + ‖w + d‖₁ − ‖w‖₁ (predicted decrease)
    for (let j = 0; j < D; j++) delta += g[j] * d[j] + Math.abs(w[j] + d[j]) - Math.abs(w[j]);
    if (!(delta < 0)) {
      p.loss(w);
      return { iter, converged: true };
    }
    const next = dampedStep(w, d, f, delta, 0.01, (v) => p.loss(v) + l1(v), trial);
    if (next === null) return { iter, converged: true };
    f = next;
  }
  p.loss(w);
  return { iter: maxIter, converged: false };
}

/**
 * The minimiser of g·d + ½ dᵀHd + ‖w + d‖₁ if its sign pattern is the one of w + d: zero coordinates stay at zero
 * (d_j = −w_j), the others solve H_SS d_S = −(g_S + H_S,Z d_Z + sign_S). Accepted (written to d and Hd, returns true)
 * only if it keeps those signs and every zero coordinate satisfies |g_j + (Hd)_j| ≤ 1, the optimality conditions.
 */
function exactForPattern(g: Float64Array, H: Float64Array, w: Float64Array, d: Float64Array, Hd: Float64Array, D: number): boolean {
  const S: number[] = [];
  const sign = new Float64Array(D);
  for (let j = 0; j < D; j++) {
    const z = w[j] + d[j];
    if (z !== 0) {
      S.push(j);
      sign[j] = z > 0 ? 1 : -1;
    }
  }
  const cand = new Float64Array(D);
  for (let j = 0; j < D; j++) if (sign[j] === 0) cand[j] = -w[j];
  const m = S.length;
  if (m > 0) {
    const Hs = zeros(m, m);
    const b = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      const ja = S[a];
      let r = g[ja] + sign[ja];
      for (let k = 0; k < D; k++) if (sign[k] === 0) r += H[ja * D + k] * cand[k];
      b[a] = -r;
      for (let c = 0; c < m; c++) Hs.data[a * m + c] = H[ja * D + S[c]];
    }
    const x = solveSpd(Hs, b);
    for (let a = 0; a < m; a++) {
      if (!Number.isFinite(x[a]) || (w[S[a]] + x[a]) * sign[S[a]] <= 0) return false;
      cand[S[a]] = x[a];
    }
  }
  const Hc = new Float64Array(D);
  for (let k = 0; k < D; k++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += H[k * D + j] * cand[j];
    Hc[k] = s;
  }
  for (let j = 0; j < D; j++) if (sign[j] === 0 && Math.abs(g[j] + Hc[j]) > 1) return false;
  d.set(cand);
  Hd.set(Hc);
  return true;
}

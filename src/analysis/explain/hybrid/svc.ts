// SVC on hybrid rows (rbf, poly, linear kernels).

import type { ModelArtifact, SvcEstimator } from "../../models/scoring.js";
import { plattProbability, powi, scaledRows, svmDecision } from "../../models/scoring.js";
import type { Players } from "../players.js";
import { HybridBase } from "./base.js";

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

export class SvcHybrid extends HybridBase {
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

function transpose(rows: Float64Array, n: number, d: number): Float64Array {
  const t = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) t[j * n + i] = rows[i * d + j];
  return t;
}

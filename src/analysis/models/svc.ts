// Support vector classifier trained by libsvm (libsvm-js, the libsvm scikit-learn wraps), scored in pure TS.
// libsvm-js's API exposes labels but not decision values, and the browser must score without it, so after
// training we read the model back (libsvm's text format + support-vector indices) and evaluate the decision
// function ourselves with libsvm's own kernel arithmetic (scoring.ts).
//
// Orientation: we give libsvm label +1 to class 0 and −1 to class 1. libsvm then puts class 0 first, exactly as
// scikit-learn's libsvm does with sorted labels, so both solve the identical dual problem in the same row order;
// the decision is negated so that positive means «Снизилась», like sklearn's decision_function.
//
// Probabilities: libsvm's -b 1 runs an internal 5-fold CV with its own rand(); instead the caller fits Platt's
// sigmoid (libsvm's sigmoid_train, reimplemented) on out-of-fold decision values from our seeded CV folds.

import SVM from "libsvm-js/asm.js";
import type { Matrix } from "./matrix.js";
import { kernelValue, plattProbability, svmDecision, type SvcEstimator } from "./scoring.js";

export type Kernel = "linear" | "poly" | "rbf";

export interface SvcParams {
  kernel: Kernel;
  C: number;
  /** 'scale' = 1 / (n_features · X.var()) on the training matrix, as sklearn. */
  gamma?: "scale" | number;
  degree?: number;
  coef0?: number;
  /** libsvm stopping tolerance (sklearn default 1e-3). */
  tol?: number;
}

const KERNEL_CODE: Record<Kernel, string> = { linear: "0", poly: "1", rbf: "2" };

export class SVC {
  readonly kernel: Kernel;
  readonly C: number;
  readonly gammaParam: "scale" | number;
  readonly degree: number;
  readonly coef0: number;
  readonly tol: number;
  gamma = 0;
  private sv: Float64Array = new Float64Array(0);
  private d = 0;
  supportIndices: number[] = [];
  dualCoef: number[] = [];
  rho = 0;
  sign = 1;
  probA = NaN;
  probB = NaN;

  constructor(params: SvcParams) {
    if (!(params.C > 0)) throw new Error("C must be positive");
    this.kernel = params.kernel;
    this.C = params.C;
    this.gammaParam = params.gamma ?? "scale";
    this.degree = params.degree ?? 3;
    this.coef0 = params.coef0 ?? 0;
    this.tol = params.tol ?? 1e-3;
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const n = X.rows;
    const d = X.cols;
    this.d = d;
    this.gamma = this.gammaParam === "scale" ? scaleGamma(X) : this.gammaParam;
    const samples: number[][] = [];
    for (let i = 0; i < n; i++) samples.push(Array.from(X.data.subarray(i * d, (i + 1) * d)));
    const labels = Array.from(y, (v) => (v === 1 ? -1 : 1));
    const svm = new SVM({
      type: SVM.SVM_TYPES.C_SVC,
      kernel: KERNEL_CODE[this.kernel],
      cost: this.C,
      gamma: this.gamma,
      degree: this.degree,
      coef0: this.coef0,
      tolerance: this.tol,
      cacheSize: 200,
      shrinking: true,
      probabilityEstimates: false,
      quiet: true,
    });
    let text: string;
    let indices: number[];
    try {
      svm.train(samples, labels);
      text = svm.serializeModel();
      indices = svm.getSVIndices();
    } finally {
      svm.free();
    }
    const parsed = parseModel(text);
    if (parsed.coef.length !== indices.length) throw new Error("libsvm model and support-vector indices disagree");
    this.supportIndices = indices;
    this.dualCoef = parsed.coef;
    this.sign = parsed.firstLabel === 1 ? -1 : 1;
    this.sv = new Float64Array(indices.length * d);
    indices.forEach((i, r) => this.sv.set(X.data.subarray(i * d, (i + 1) * d), r * d));
    // libsvm writes rho with %g (6 digits); recover the full-precision value from the KKT conditions instead.
    this.rho = this.kktRho(X, labels);
    if (Math.abs(this.rho - parsed.rho) > 1e-4 * Math.max(1, Math.abs(parsed.rho))) {
      throw new Error(`rho from KKT (${this.rho}) disagrees with libsvm's (${parsed.rho})`);
    }
    return this;
  }

  /** Decision values, positive = class 1 (sklearn's decision_function). */
  decisionFunction(X: Matrix): Float64Array {
    const est = this.core();
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = svmDecision(est, this.sv, this.d, X.data, i * X.cols);
    return out;
  }

  /** Fit Platt's sigmoid on (out-of-fold) decision values and their labels. */
  setPlatt(decision: ArrayLike<number>, y: ArrayLike<number>): this {
    const { a, b } = sigmoidTrain(decision, y);
    this.probA = a;
    this.probB = b;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    if (Number.isNaN(this.probA)) throw new Error("SVC probabilities need setPlatt first");
    return this.decisionFunction(X).map((f) => plattProbability(f, this.probA, this.probB));
  }

  /** Artifact form; `rawX` are the training rows before scaling (support vectors are taken from them). */
  toEstimator(rawX: Matrix): SvcEstimator {
    if (Number.isNaN(this.probA)) throw new Error("SVC artifact needs Platt parameters");
    const d = rawX.cols;
    return {
      kind: "svc",
      kernel: this.kernel,
      gamma: this.gamma,
      degree: this.degree,
      coef0: this.coef0,
      raw_support_vectors: this.supportIndices.map((i) => Array.from(rawX.data.subarray(i * d, (i + 1) * d))),
      dual_coef: [...this.dualCoef],
      rho: this.rho,
      sign: this.sign,
      prob_a: this.probA,
      prob_b: this.probB,
    };
  }

  private core() {
    return { kernel: this.kernel, gamma: this.gamma, degree: this.degree, coef0: this.coef0, dual_coef: this.dualCoef, rho: this.rho, sign: this.sign };
  }

  /**
   * libsvm Solver::calculate_rho on the final alphas (all rows active, as at libsvm's exit): the mean of y_i·G_i over
   * free support vectors, or the midpoint of the bounds from all rows when none is free.
   */
  private kktRho(X: Matrix, internalY: number[]): number {
    const d = this.d;
    // y_i·G_i = Σ_j coef_j K(x_i, sv_j) − y_i   (G_i = y_i Σ_j coef_j K_ij − 1)
    const yG = (i: number) => {
      let f = 0;
      for (let r = 0; r < this.dualCoef.length; r++) {
        f += this.dualCoef[r] * kernelValue(this.kernel, this.gamma, this.degree, this.coef0, this.sv, r * d, X.data, i * d, d);
      }
      return f - internalY[i];
    };
    let sumFree = 0;
    let nFree = 0;
    this.supportIndices.forEach((i, r) => {
      if (Math.abs(this.dualCoef[r]) < this.C) {
        sumFree += yG(i);
        nFree++;
      }
    });
    if (nFree > 0) return sumFree / nFree;
    const alpha = new Float64Array(X.rows);
    this.supportIndices.forEach((i, r) => (alpha[i] = Math.abs(this.dualCoef[r])));
    let ub = Infinity;
    let lb = -Infinity;
    for (let i = 0; i < X.rows; i++) {
      const yi = internalY[i];
      const v = yG(i);
      const atUpper = alpha[i] >= this.C;
      if ((atUpper && yi === -1) || (!atUpper && yi === 1)) ub = Math.min(ub, v);
      else lb = Math.max(lb, v);
    }
    return (ub + lb) / 2;
  }
}

/** sklearn gamma='scale'. */
export function scaleGamma(X: Matrix): number {
  const N = X.data.length;
  let s = 0;
  for (let i = 0; i < N; i++) s += X.data[i];
  const m = s / N;
  let v = 0;
  for (let i = 0; i < N; i++) v += (X.data[i] - m) ** 2;
  v /= N;
  return v === 0 ? 1 : 1 / (X.cols * v);
}

function parseModel(text: string): { coef: number[]; rho: number; firstLabel: number } {
  const lines = text.split("\n");
  let rho = NaN;
  let firstLabel = NaN;
  const coef: number[] = [];
  let inSv = false;
  for (const line of lines) {
    const t = line.trim();
    if (t === "") continue;
    if (inSv) {
      coef.push(Number(t.split(/\s+/)[0]));
      continue;
    }
    const [key, ...rest] = t.split(/\s+/);
    if (key === "rho") rho = Number(rest[0]);
    else if (key === "label") firstLabel = Number(rest[0]);
    else if (key === "nr_class" && rest[0] !== "2") throw new Error("binary SVC expected");
    else if (key === "SV") inSv = true;
  }
  if (!Number.isFinite(rho) || !Number.isFinite(firstLabel) || coef.some((c) => !Number.isFinite(c))) throw new Error("unreadable libsvm model");
  return { coef, rho, firstLabel };
}

/**
 * Platt scaling as libsvm's sigmoid_train (Lin, Lin & Weng 2007: Newton with backtracking, smoothed targets).
 * Returns A, B with P(y = 1 | f) = 1 / (1 + exp(A·f + B)).
 */
export function sigmoidTrain(dec: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  const l = dec.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < l; i++) if (y[i] === 1) prior1++;
  else prior0++;
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1.0) / (prior1 + 2.0);
  const loTarget = 1 / (prior0 + 2.0);
  const t = new Float64Array(l);
  let A = 0.0;
  let B = Math.log((prior0 + 1.0) / (prior1 + 1.0));
  let fval = 0.0;
  for (let i = 0; i < l; i++) {
    t[i] = y[i] === 1 ? hiTarget : loTarget;
    const fApB = dec[i] * A + B;
    fval += fApB >= 0 ? t[i] * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log(1 + Math.exp(fApB));
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0.0;
    let g1 = 0.0;
    let g2 = 0.0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i] * A + B;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        p = Math.exp(-fApB) / (1.0 + Math.exp(-fApB));
        q = 1.0 / (1.0 + Math.exp(-fApB));
      } else {
        p = 1.0 / (1.0 + Math.exp(fApB));
        q = Math.exp(fApB) / (1.0 + Math.exp(fApB));
      }
      const d2 = p * q;
      h11 += dec[i] * dec[i] * d2;
      h22 += d2;
      h21 += dec[i] * d2;
      const d1 = t[i] - p;
      g1 += dec[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let stepsize = 1;
    while (stepsize >= minStep) {
      const newA = A + stepsize * dA;
      const newB = B + stepsize * dB;
      let newf = 0.0;
      for (let i = 0; i < l; i++) {
        const fApB = dec[i] * newA + newB;
        newf += fApB >= 0 ? t[i] * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log(1 + Math.exp(fApB));
      }
      if (newf < fval + 0.0001 * stepsize * gd) {
        A = newA;
        B = newB;
        fval = newf;
        break;
      }
      stepsize = stepsize / 2.0;
    }
    if (stepsize < minStep) break; // line search failed: keep the last point, as libsvm does
  }
  return { a: A, b: B };
}

// Support vector classifier trained by libsvm (libsvm-js, the libsvm scikit-learn wraps), scored in pure TS.
// libsvm-js's API exposes labels but not decision values, and the browser must score without it, so after
// training we read the model (support-vector indices, dual coefficients, rho) straight from libsvm's memory and
// evaluate the decision function ourselves with libsvm's own kernel arithmetic (scoring.ts).
// libsvm trains in its precomputed-kernel mode on exactly the kernel values its own kernel code would compute
// (gramBase / trainingKernel), so the model is the same, and one problem serves every C value of a kernel.
//
// Orientation: we give libsvm label +1 to class 0 and −1 to class 1. libsvm then puts class 0 first, exactly as
// scikit-learn's libsvm does with sorted labels, so both solve the identical dual problem in the same row order;
// the decision is negated so that positive means «Снизилась», like sklearn's decision_function.
//
// Probabilities: libsvm's -b 1 runs an internal 5-fold CV with its own rand(); instead the caller fits Platt's
// sigmoid (libsvm's sigmoid_train, reimplemented) on out-of-fold decision values from our seeded CV folds.

import { svmDecisionMatrix } from "./batch-kernels.js";
import { loadLibsvm } from "./libsvm-wasm.js";
import type { Matrix } from "../stats/linalg.js";
import { plattProbability, powi, type SvcEstimator } from "./scoring.js";
import { dot4, sqdist4 } from "./sums4.js";
import { sigmoidTrain } from "./calibration.js";

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

const LIBSVM = (await loadLibsvm()).module;
const trainProblem = LIBSVM.cwrap("libsvm_train_problem", "number", ["number", "string"]) as (problem: number, command: string) => number;

/**
 * Byte offsets in libsvm's `struct svm_model` (svm.h, libsvm 3.x) on wasm32: svm_parameter (96 bytes: svm_type,
 * kernel_type, degree, gamma@16, coef0@24, cache_size@32, eps@40, C@48, …), then nr_class, l, SV, sv_coef, rho,
 * probA, probB, sv_indices, label, nSV, free_sv. `readModel` checks the parameters it finds against the ones passed.
 */
const MODEL = { kernelType: 4, eps: 40, C: 48, nrClass: 96, l: 100, svCoef: 108, rho: 112, svIndices: 124, label: 128 } as const;
const PRECOMPUTED = 4;

interface LibsvmModel {
  /** 0-based training rows of the support vectors, in libsvm's model order. */
  indices: number[];
  /** sv_coef[0] (y_i·alpha_i), full precision. */
  coef: number[];
  /** rho[0], full precision (libsvm's text format would round it to 6 digits). */
  rho: number;
  firstLabel: number;
}

/**
 * Reads support vectors, coefficients and rho of a trained two-class model directly from libsvm's memory (libsvm's
 * text serialisation rounds rho to 6 and coefficients to 16 significant digits, and costs more than a fit).
 */
function readModel(ptr: number, C: number, tol: number): LibsvmModel {
  const i32 = LIBSVM.HEAP32; // read after training: the heap may have grown (and been replaced) meanwhile
  const f64 = LIBSVM.HEAPF64;
  const I = (off: number) => i32[(ptr + off) >> 2];
  const D = (off: number) => f64[(ptr + off) >> 3];
  if (I(MODEL.kernelType) !== PRECOMPUTED || D(MODEL.C) !== C || D(MODEL.eps) !== tol || I(MODEL.nrClass) !== 2) {
    throw new Error("libsvm-js's model layout is not the one svc.ts expects (libsvm-js version changed?)");
  }
  const l = I(MODEL.l);
  const coefPtr = i32[I(MODEL.svCoef) >> 2];
  const coef = Array.from(f64.subarray(coefPtr >> 3, (coefPtr >> 3) + l));
  const idxPtr = I(MODEL.svIndices);
  const indices = Array.from(i32.subarray(idxPtr >> 2, (idxPtr >> 2) + l), (i) => i - 1);
  const rho = f64[I(MODEL.rho) >> 3];
  const firstLabel = i32[I(MODEL.label) >> 2];
  if (!Number.isFinite(rho) || coef.some((c) => !Number.isFinite(c))) throw new Error("unreadable libsvm model");
  return { indices, coef, rho, firstLabel };
}

/** Kernel and its resolved parameters (gamma already a number). */
export interface KernelSpec {
  kernel: Kernel;
  gamma: number;
  degree: number;
  coef0: number;
}

/**
 * What every kernel on one training matrix is computed from: dot(x_i, x_j) for all row pairs (row-major n × n) and
 * the squared norms, each sum in libsvm's order (features ascending; libsvm-js passes every feature, zeros included).
 * Shared by all kernels and C values of a CV fold.
 */
export interface GramBase {
  n: number;
  dot: Float64Array;
  sq: Float64Array;
}

export function gramBase(X: Matrix): GramBase {
  const n = X.rows;
  const d = X.cols;
  const x = X.data;
  const dot = new Float64Array(n * n);
  const sq = new Float64Array(n);
  const sums = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const iOff = i * d;
    let k = 0;
    // four dot products at a time (sums4.ts; each is summed in libsvm's order)
    for (; k + 3 <= i; k += 4) {
      dot4(x, k * d, d, x, iOff, sums);
      dot[i * n + k] = dot[k * n + i] = sums[0];
      dot[i * n + k + 1] = dot[(k + 1) * n + i] = sums[1];
      dot[i * n + k + 2] = dot[(k + 2) * n + i] = sums[2];
      dot[i * n + k + 3] = dot[(k + 3) * n + i] = sums[3];
    }
    for (; k <= i; k++) {
      const kOff = k * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[iOff + j] * x[kOff + j];
      dot[i * n + k] = s;
      dot[k * n + i] = s;
    }
    sq[i] = dot[i * n + i];
  }
  return { n, dot, sq };
}

/**
 * libsvm's training kernel (class Kernel, not k_function) on all row pairs, row-major n × n: linear dot(x_i, x_j),
 * poly powi(γ·dot + coef0, degree), RBF exp(−γ(‖x_i‖² + ‖x_j‖² − 2 x_i·x_j)). Fed to libsvm as a precomputed kernel
 * this is exactly the Q matrix libsvm's own kernel code computes (up to the last bit of exp, before libsvm rounds Q to
 * float). Symmetric in floating point too (the formula only adds and multiplies the two rows' terms commutatively),
 * so each pair is computed once.
 */
function trainingKernel(spec: KernelSpec, base: GramBase): Float64Array {
  const { n, dot, sq } = base;
  if (spec.kernel === "linear") return dot;
  const { gamma, degree, coef0 } = spec;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let k = 0; k <= i; k++) {
      const v = spec.kernel === "rbf" ? Math.exp(-gamma * (sq[i] + sq[k] - 2 * dot[r + k])) : powi(gamma * dot[r + k] + coef0, degree);
      K[r + k] = v;
      K[k * n + i] = v;
    }
  }
  return K;
}

/**
 * A two-class libsvm problem with a precomputed kernel, held in libsvm's memory: built once per training matrix and
 * kernel, trained for any number of C values (the problem does not depend on C). Call `free()` when done.
 */
export class SvcProblem {
  private ptr: number;
  readonly n: number;

  constructor(
    readonly X: Matrix,
    y: ArrayLike<number>,
    readonly spec: KernelSpec,
    base: GramBase = gramBase(X),
  ) {
    const n = X.rows;
    if (y.length !== n || base.n !== n) throw new Error("X, y and the kernel base disagree in size");
    this.n = n;
    this.ptr = LIBSVM._create_svm_nodes(n, n + 1);
    const K = trainingKernel(spec, base);
    const row = LIBSVM._malloc((n + 1) * 8);
    try {
      for (let i = 0; i < n; i++) {
        // libsvm's precomputed format: node 0 = the row's 1-based serial number, node j = K(x_i, x_j).
        const f64 = LIBSVM.HEAPF64; // re-read: a malloc may have grown (and replaced) the heap
        f64[row >> 3] = i + 1;
        f64.set(K.subarray(i * n, (i + 1) * n), (row >> 3) + 1);
        // Orientation: libsvm label +1 for class 0 and −1 for class 1 (see the file header).
        LIBSVM._add_instance(this.ptr, row, n + 1, y[i] === 1 ? -1 : 1, i);
      }
    } finally {
      LIBSVM._free(row);
    }
  }

  /** Train C-SVC with libsvm (shrinking on, 200 MB cache: sklearn's defaults). */
  train(C: number, tol: number): LibsvmModel {
    if (this.ptr === 0) throw new Error("SvcProblem was freed");
    const model = trainProblem(this.ptr, `-s 0 -t ${PRECOMPUTED} -c ${C} -e ${tol} -m 200 -h 1 -b 0 -q 1`);
    if (model === 0) throw new Error("libsvm training failed");
    try {
      return readModel(model, C, tol);
    } finally {
      LIBSVM._svm_free_model(model);
    }
  }

  free(): void {
    if (this.ptr !== 0) LIBSVM._free_problem(this.ptr);
    this.ptr = 0;
  }
}

/**
 * Between query rows and all training rows (row-major, queries × training rows): dot products and, when asked for,
 * squared distances Σ(x_j − q_j)², with the arithmetic of scoring.ts kernelValue (libsvm's k_function). Shared by all
 * kernels and C values of a CV fold.
 */
export interface QueryBase {
  rows: number;
  n: number;
  dot: Float64Array;
  sqdist: Float64Array | null;
}

export function queryBase(X: Matrix, Q: Matrix, withDistances: boolean): QueryBase {
  const n = X.rows;
  const d = X.cols;
  const x = X.data;
  const qd = Q.data;
  const dot = new Float64Array(Q.rows * n);
  const sqdist = withDistances ? new Float64Array(Q.rows * n) : null;
  const sums = new Float64Array(4);
  for (let q = 0; q < Q.rows; q++) {
    const qOff = q * d;
    const r = q * n;
    let i = 0;
    // four training rows at a time (sums4.ts; each is summed in kernelValue's order)
    for (; i + 3 < n; i += 4) {
      dot4(x, i * d, d, qd, qOff, sums);
      dot[r + i] = sums[0];
      dot[r + i + 1] = sums[1];
      dot[r + i + 2] = sums[2];
      dot[r + i + 3] = sums[3];
      if (sqdist) {
        sqdist4(x, i * d, d, qd, qOff, sums);
        sqdist[r + i] = sums[0];
        sqdist[r + i + 1] = sums[1];
        sqdist[r + i + 2] = sums[2];
        sqdist[r + i + 3] = sums[3];
      }
    }
    for (; i < n; i++) {
      const aOff = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[aOff + j] * qd[qOff + j];
      dot[r + i] = s;
      if (sqdist) {
        s = 0;
        for (let j = 0; j < d; j++) {
          const t = x[aOff + j] - qd[qOff + j];
          s += t * t;
        }
        sqdist[r + i] = s;
      }
    }
  }
  return { rows: Q.rows, n, dot, sqdist };
}

/** K(q, x_i) for every query row and training row, exactly as scoring.ts kernelValue(kernel, …, sv = x_i, x = q). */
export function queryKernel(spec: KernelSpec, base: QueryBase): Float64Array {
  const { gamma, degree, coef0 } = spec;
  if (spec.kernel === "linear") return base.dot;
  if (spec.kernel === "poly") return base.dot.map((v) => powi(gamma * v + coef0, degree));
  if (!base.sqdist) throw new Error("the RBF kernel needs the query base's squared distances");
  return base.sqdist.map((v) => Math.exp(-gamma * v));
}

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
  private nTrain = 0;
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

  /** The kernel this configuration uses on training matrix X (gamma='scale' resolved on X). */
  kernelSpec(X: Matrix): KernelSpec {
    return { kernel: this.kernel, gamma: this.gammaParam === "scale" ? scaleGamma(X) : this.gammaParam, degree: this.degree, coef0: this.coef0 };
  }

  fit(X: Matrix, y: ArrayLike<number>): this {
    const problem = new SvcProblem(X, y, this.kernelSpec(X));
    try {
      return this.fitProblem(problem);
    } finally {
      problem.free();
    }
  }

  /** Fit on a problem built for this configuration's kernel (shared with other C values). */
  fitProblem(problem: SvcProblem): this {
    const spec = problem.spec;
    const own = this.kernelSpec(problem.X);
    if (spec.kernel !== own.kernel || spec.gamma !== own.gamma || (spec.kernel === "poly" && (spec.degree !== own.degree || spec.coef0 !== own.coef0))) {
      throw new Error("the problem was built for another kernel");
    }
    const X = problem.X;
    const d = X.cols;
    this.d = d;
    this.nTrain = X.rows;
    this.gamma = spec.gamma;
    const model = problem.train(this.C, this.tol);
    this.supportIndices = model.indices;
    this.dualCoef = model.coef;
    this.rho = model.rho;
    this.sign = model.firstLabel === 1 ? -1 : 1;
    this.sv = new Float64Array(model.indices.length * d);
    model.indices.forEach((i, r) => this.sv.set(X.data.subarray(i * d, (i + 1) * d), r * d));
    return this;
  }

  /** Decision values, positive = class 1 (sklearn's decision_function). */
  decisionFunction(X: Matrix): Float64Array {
    if (X.cols !== this.d) throw new Error(`expected ${this.d} columns, got ${X.cols}`);
    return svmDecisionMatrix(this.core(), this.sv, X);
  }

  /**
   * decisionFunction from queryKernel(spec, queryBase(trainingX, Q, …)) (rows × training rows): the same numbers,
   * bit for bit, with the kernel computed once for every C value.
   */
  decisionFromKernel(K: Float64Array, rows: number): Float64Array {
    const n = this.nTrain;
    if (K.length !== rows * n) throw new Error("kernel matrix does not match the training rows");
    const out = new Float64Array(rows);
    const idx = Int32Array.from(this.supportIndices);
    const coef = Float64Array.from(this.dualCoef);
    for (let q = 0; q < rows; q++) {
      const off = q * n;
      let sum = 0;
      for (let r = 0; r < idx.length; r++) sum += coef[r] * K[off + idx[r]];
      sum -= this.rho;
      out[q] = this.sign * sum;
    }
    return out;
  }

  /** Fit Platt's sigmoid on (out-of-fold) decision values and their labels. */
  setPlatt(decision: ArrayLike<number>, y: ArrayLike<number>): this {
    const { a, b } = sigmoidTrain(decision, y);
    this.probA = a;
    this.probB = b;
    return this;
  }

  /** Use a Platt sigmoid fitted elsewhere (a fold model shares the chosen model's). */
  setPlattParameters(a: number, b: number): this {
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


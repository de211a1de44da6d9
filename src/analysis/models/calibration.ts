// Probability calibration: map a model's raw score for a customer to a probability that matches observed rates.
// Two calibrators, as scikit-learn's CalibratedClassifierCV offers them:
//   isotonic — IsotonicRegression(out_of_bounds="clip") on (score, label): pool-adjacent-violators, then linear
//              interpolation between the fitted thresholds (np.interp), clipped outside them;
//   sigmoid  — Platt scaling, sklearn's _sigmoid_calibration: P = 1 / (1 + exp(a·score + b)) fitted by log-loss on
//              Platt's prior-corrected targets ((n₊ + 1)/(n₊ + 2) and 1/(n₋ + 2)).
// Written here because no maintained JavaScript library fits either; tests/unit/models/calibration.test.ts checks both
// against scikit-learn fixtures. A calibrator is plain JSON so the browser applies it exactly as the build did.
//
// Calibrators only ever see out-of-fold scores of the training part: `crossFitCalibration` fits, for each CV fold, one
// calibrator on the other folds' out-of-fold scores (used for that fold's customers), and one on all of them (used for
// test and scored customers). So no customer's calibrated probability depends on that customer's own label.

/** Lowest / highest probability a calibrator returns: half an observation of the data it was fitted on. */
export function probabilityFloor(nFitted: number): number {
  return 0.5 / Math.max(1, nFitted);
}

export type CalibrationMethod = "isotonic" | "sigmoid";

export interface IsotonicCalibrator {
  method: "isotonic";
  /** Increasing scores and the fitted probability at each (np.interp between them, clipped outside). */
  x: number[];
  y: number[];
  /** Output clipped to [floor, 1 − floor] (probabilityFloor of the fitted rows): never exactly 0 or 1. */
  floor: number;
}

export interface SigmoidCalibrator {
  method: "sigmoid";
  a: number;
  b: number;
  floor: number;
}

export type Calibrator = IsotonicCalibrator | SigmoidCalibrator;

/** The calibrated probability of a raw score (the one function build and browser share). */
export function calibrate(c: Calibrator, score: number): number {
  let p: number;
  if (c.method === "sigmoid") {
    const z = c.a * score + c.b;
    // 1 / (1 + e^z) without overflow for large |z|.
    p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
  } else {
    const { x, y } = c;
    if (score <= x[0]) p = y[0];
    else if (score >= x[x.length - 1]) p = y[y.length - 1];
    else {
      let lo = 0;
      let hi = x.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid] <= score) lo = mid;
        else hi = mid;
      }
      p = x[hi] === x[lo] ? y[hi] : y[lo] + ((score - x[lo]) * (y[hi] - y[lo])) / (x[hi] - x[lo]);
    }
  }
  return Math.min(1 - c.floor, Math.max(c.floor, p));
}

/** sklearn IsotonicRegression(increasing=True, out_of_bounds="clip").fit(score, y), as a calibrator. */
export function fitIsotonic(score: ArrayLike<number>, y: ArrayLike<number>): IsotonicCalibrator {
  const n = score.length;
  if (n === 0) throw new Error("isotonic calibration needs at least one row");
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => score[i] - score[j] || i - j);
  // Equal scores are one point with the mean label and their count as weight (sklearn's _make_unique).
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === score[i]) {
      ys[last] = (ys[last] * ws[last] + y[i]) / (ws[last] + 1);
      ws[last] += 1;
    } else {
      xs.push(score[i]);
      ys.push(y[i]);
      ws.push(1);
    }
  }
  // Pool adjacent violators over blocks.
  const blockValue: number[] = [];
  const blockWeight: number[] = [];
  const blockEnd: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    blockValue.push(ys[i]);
    blockWeight.push(ws[i]);
    blockEnd.push(i);
    while (blockValue.length > 1 && blockValue[blockValue.length - 2] > blockValue[blockValue.length - 1]) {
      const w = blockWeight[blockWeight.length - 2] + blockWeight[blockWeight.length - 1];
      const v = (blockValue[blockValue.length - 2] * blockWeight[blockWeight.length - 2] + blockValue[blockValue.length - 1] * blockWeight[blockWeight.length - 1]) / w;
      blockValue.splice(-2, 2, v);
      blockWeight.splice(-2, 2, w);
      blockEnd.splice(-2, 2, blockEnd[blockEnd.length - 1]);
    }
  }
  const fitted = new Array<number>(xs.length);
  let from = 0;
  blockEnd.forEach((end, b) => {
    for (let i = from; i <= end; i++) fitted[i] = blockValue[b];
    from = end + 1;
  });
  // sklearn keeps only the points where the fitted step function changes (the ends of each flat run).
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const flatBefore = i > 0 && fitted[i - 1] === fitted[i];
    const flatAfter = i < xs.length - 1 && fitted[i + 1] === fitted[i];
    if (flatBefore && flatAfter) continue;
    keepX.push(xs[i]);
    keepY.push(fitted[i]);
  }
  return { method: "isotonic", x: keepX, y: keepY, floor: probabilityFloor(n) };
}

/**
 * sklearn's _sigmoid_calibration(score, y): Platt's sigmoid on Platt's prior-corrected targets. The same objective as
 * libsvm's sigmoid_train (below), which SVC probabilities also use: one implementation for both.
 */
export function fitSigmoid(score: ArrayLike<number>, y: ArrayLike<number>): SigmoidCalibrator {
  if (score.length === 0) throw new Error("sigmoid calibration needs at least one row");
  const { a, b } = sigmoidTrain(score, y);
  return { method: "sigmoid", a, b, floor: probabilityFloor(score.length) };
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

export function fitCalibrator(method: CalibrationMethod, score: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  return method === "isotonic" ? fitIsotonic(score, y) : fitSigmoid(score, y);
}

function subset(a: ArrayLike<number>, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (keep(i)) out.push(a[i]);
  return out;
}

/** The cross-fitted calibrated probabilities of out-of-fold scores: row i calibrated by a calibrator fitted without fold[i]. */
export function crossFittedProbabilities(method: CalibrationMethod, oof: ArrayLike<number>, y: ArrayLike<number>, folds: ArrayLike<number>, nFolds: number): { calibrators: Calibrator[]; p: Float64Array } {
  const calibrators: Calibrator[] = [];
  const p = new Float64Array(oof.length);
  for (let k = 0; k < nFolds; k++) {
    const c = fitCalibrator(method, subset(oof, (i) => folds[i] !== k), subset(y, (i) => folds[i] !== k));
    calibrators.push(c);
    for (let i = 0; i < oof.length; i++) if (folds[i] === k) p[i] = calibrate(c, oof[i]);
  }
  return { calibrators, p };
}

export interface CalibrationFit {
  method: CalibrationMethod;
  /** Cross-validated Brier score of each method on the training part's out-of-fold scores (how the method was chosen). */
  cv_brier: Record<CalibrationMethod, number>;
  /** Calibrator k: fitted on the out-of-fold scores of every fold but k; applied to fold k's customers. */
  folds: Calibrator[];
  /** Fitted on every training customer's out-of-fold score; applied to test and scored customers. */
  final: Calibrator;
  /** Calibrated probability of each training row (cross-fitted: row i by folds[fold[i]]). */
  train_p: Float64Array;
}

/**
 * Chooses the method by the cross-validated Brier score over the CV folds (ties → sigmoid, the smoother map) and fits
 * the fold and final calibrators. Only out-of-fold scores of the training part are used: the test set never touches it.
 */
export function crossFitCalibration(oof: ArrayLike<number>, y: ArrayLike<number>, folds: ArrayLike<number>, nFolds: number): CalibrationFit {
  const brier = (p: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
    return s / p.length;
  };
  const iso = crossFittedProbabilities("isotonic", oof, y, folds, nFolds);
  const sig = crossFittedProbabilities("sigmoid", oof, y, folds, nFolds);
  const cv_brier = { isotonic: brier(iso.p), sigmoid: brier(sig.p) };
  const method: CalibrationMethod = cv_brier.isotonic < cv_brier.sigmoid ? "isotonic" : "sigmoid";
  const chosen = method === "isotonic" ? iso : sig;
  return { method, cv_brier, folds: chosen.calibrators, final: fitCalibrator(method, oof, y), train_p: chosen.p };
}

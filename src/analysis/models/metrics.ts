// Binary classification metrics with sklearn's definitions (positive class = 1 = «Снизилась»).

import { makeRng } from "./rng.js";

interface ClfCurve {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

/** sklearn _binary_clf_curve: cumulative FP/TP counts at each distinct score, scores descending. */
function binaryClfCurve(y: ArrayLike<number>, score: ArrayLike<number>): ClfCurve {
  const n = y.length;
  if (score.length !== n) throw new Error("y and score differ in length");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (Number.isNaN(score[i])) throw new Error("NaN score");
    if (y[i] === 1) tp++;
    else fp++;
    if (r === n - 1 || score[order[r + 1]] !== score[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(score[i]);
    }
  }
  return { fps, tps, thresholds };
}

function countPositives(y: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) p++;
  return p;
}

/** ROC-AUC (trapezoid over the ROC curve, ties count half), as sklearn roc_auc_score. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const { fps, tps } = binaryClfCurve(y, score);
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  if (P === 0 || N === 0) throw new Error("ROC AUC needs both classes");
  let area = 0;
  let pf = 0;
  let pt = 0;
  for (let i = 0; i < fps.length; i++) {
    const f = fps[i] / N;
    const t = tps[i] / P;
    area += ((f - pf) * (t + pt)) / 2;
    pf = f;
    pt = t;
  }
  return area;
}

export interface RocPoint {
  fpr: number;
  tpr: number;
  /** Scores ≥ threshold are called positive; the first point (origin) has threshold null. */
  threshold: number | null;
}

/** sklearn roc_curve(drop_intermediate=True). */
export function rocCurve(y: ArrayLike<number>, score: ArrayLike<number>): RocPoint[] {
  let { fps, tps, thresholds } = binaryClfCurve(y, score);
  if (fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      if (fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = keep.map((i) => fps[i]);
    tps = keep.map((i) => tps[i]);
    thresholds = keep.map((i) => thresholds[i]);
  }
  const N = fps[fps.length - 1];
  const P = tps[tps.length - 1];
  const out: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: null }];
  for (let i = 0; i < fps.length; i++) out.push({ fpr: fps[i] / N, tpr: tps[i] / P, threshold: thresholds[i] });
  return out;
}

export interface PrPoint {
  precision: number;
  recall: number;
  /** null for the final (recall 0, precision 1) point, as sklearn returns one threshold fewer. */
  threshold: number | null;
}

/** sklearn precision_recall_curve: recall decreasing, ending at (precision 1, recall 0). */
export function precisionRecallCurve(y: ArrayLike<number>, score: ArrayLike<number>): PrPoint[] {
  const { fps, tps, thresholds } = binaryClfCurve(y, score);
  const P = tps[tps.length - 1];
  const out: PrPoint[] = [];
  for (let i = fps.length - 1; i >= 0; i--) {
    out.push({ precision: tps[i] / (tps[i] + fps[i]), recall: P === 0 ? 1 : tps[i] / P, threshold: thresholds[i] });
  }
  out.push({ precision: 1, recall: 0, threshold: null });
  return out;
}

/** sklearn average_precision_score: Σ (R_n − R_{n−1}) · P_n. */
export function averagePrecision(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const pr = precisionRecallCurve(y, score);
  let s = 0;
  for (let i = 0; i < pr.length - 1; i++) s += (pr[i + 1].recall - pr[i].recall) * pr[i].precision;
  return -s;
}

/** Predictions at a probability threshold follow sklearn's predict: positive only when p > 0.5 (a tie goes to class 0). */
export const DECISION_THRESHOLD = 0.5;

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusion(y: ArrayLike<number>, p: ArrayLike<number>, threshold = DECISION_THRESHOLD): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const pred = p[i] > threshold;
    if (y[i] === 1) pred ? c.tp++ : c.fn++;
    else pred ? c.fp++ : c.tn++;
  }
  return c;
}

/** precision / recall / F1 with sklearn's zero_division=0 convention. */
export function precisionRecallF1(c: Confusion): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const denom = 2 * c.tp + c.fp + c.fn;
  return { precision, recall, f1: denom === 0 ? 0 : (2 * c.tp) / denom };
}

export interface CalibrationBin {
  bin_lo: number;
  bin_hi: number;
  count: number;
  mean_predicted: number;
  fraction_positive: number;
}

/** sklearn calibration_curve(strategy='uniform'): empty bins are omitted. */
export function calibrationCurve(y: ArrayLike<number>, p: ArrayLike<number>, nBins = 10): CalibrationBin[] {
  const step = 1 / nBins;
  const edges = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? 1 : i * step)); // np.linspace
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let i = 0; i < y.length; i++) {
    if (p[i] < 0 || p[i] > 1) throw new Error("probability outside [0, 1]");
    let b = 0; // np.searchsorted(bins[1:-1], p, side='left'): number of interior edges strictly below p
    while (b < nBins - 1 && edges[b + 1] < p[i]) b++;
    sums[b] += p[i];
    trues[b] += y[i] === 1 ? 1 : 0;
    totals[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    out.push({ bin_lo: edges[b], bin_hi: edges[b + 1], count: totals[b], mean_predicted: sums[b] / totals[b], fraction_positive: trues[b] / totals[b] });
  }
  return out;
}

/** numpy.percentile with the default linear interpolation. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export interface BootstrapCis {
  test_auc: [number, number];
  pr_auc: [number, number];
  f1: [number, number];
  /** Resamples that contained both classes (AUC and PR-AUC need both); F1 uses every resample. */
  n_valid: number;
}

/**
 * Percentile bootstrap (seeded, resampling test rows with replacement). AUC and PR-AUC use the ranking `score`
 * (decision function where the model has one, as sklearn's scorers), F1 uses probabilities `p` at 0.5.
 * Resamples with a single class are skipped for AUC / PR-AUC, never for F1.
 */
export function bootstrapCis(y: ArrayLike<number>, p: ArrayLike<number>, score: ArrayLike<number>, nResamples: number, seed: number, level = 0.95): BootstrapCis {
  const n = y.length;
  const rng = makeRng(seed);
  const aucs: number[] = [];
  const aps: number[] = [];
  const f1s: number[] = [];
  const yb = new Float64Array(n);
  const pb = new Float64Array(n);
  const sb = new Float64Array(n);
  for (let b = 0; b < nResamples; b++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(0, n - 1);
      yb[i] = y[j];
      pb[i] = p[j];
      sb[i] = score[j];
    }
    f1s.push(precisionRecallF1(confusion(yb, pb)).f1);
    const pos = countPositives(yb);
    if (pos === 0 || pos === n) continue;
    aucs.push(rocAuc(yb, sb));
    aps.push(averagePrecision(yb, sb));
  }
  const lo = ((1 - level) / 2) * 100;
  const hi = 100 - lo;
  const ci = (v: number[]): [number, number] => [percentile(v, lo), percentile(v, hi)];
  return { test_auc: ci(aucs), pr_auc: ci(aps), f1: ci(f1s), n_valid: aucs.length };
}

/**
 * Percentile bootstrap interval of ROC-AUC alone. Draws exactly the resamples bootstrapCis draws for the same
 * seed (so its AUC interval is the same), but sorts the scores once and scores each resample by its
 * multiplicities in O(n): at a million customers a sort per resample would take minutes.
 */
export function bootstrapAucCi(y: ArrayLike<number>, score: ArrayLike<number>, nResamples: number, seed: number, level = 0.95): { auc_ci: [number, number]; n_valid: number } {
  const n = y.length;
  if (score.length !== n) throw new Error("y and score differ in length");
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  const rng = makeRng(seed);
  const weight = new Int32Array(n);
  const aucs: number[] = [];
  for (let b = 0; b < nResamples; b++) {
    weight.fill(0);
    for (let i = 0; i < n; i++) weight[rng.int(0, n - 1)]++;
    let P = 0;
    for (let i = 0; i < n; i++) if (y[i] === 1) P += weight[i];
    if (P === 0 || P === n) continue;
    const N = n - P;
    // The ROC curve of the resample: cumulative counts at each distinct score, descending (as binaryClfCurve);
    // a score the resample did not draw repeats the previous point and adds exactly 0 to the area.
    let tp = 0;
    let fp = 0;
    let pf = 0;
    let pt = 0;
    let area = 0;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      if (y[i] === 1) tp += weight[i];
      else fp += weight[i];
      if (r === n - 1 || score[order[r + 1]] !== score[i]) {
        const f = fp / N;
        const t = tp / P;
        area += ((f - pf) * (t + pt)) / 2;
        pf = f;
        pt = t;
      }
    }
    aucs.push(area);
  }
  const lo = ((1 - level) / 2) * 100;
  return { auc_ci: [percentile(aucs, lo), percentile(aucs, 100 - lo)], n_valid: aucs.length };
}

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Population standard deviation (numpy's default ddof=0, as GridSearchCV's std_test_score). */
export function std(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / v.length);
}

/** Brier score: mean squared difference between the probability and the label (lower is better). */
export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - (y[i] === 1 ? 1 : 0)) ** 2;
  return s / y.length;
}

/**
 * Expected calibration error over `nBins` equal-width bins (calibrationCurve's bins): Σ_b (n_b / n)·|mean p_b − rate_b|,
 * the average gap, weighted by customers, between the predicted probability and the observed rate.
 */
export function expectedCalibrationError(y: ArrayLike<number>, p: ArrayLike<number>, nBins = 10): number {
  let s = 0;
  for (const b of calibrationCurve(y, p, nBins)) s += b.count * Math.abs(b.mean_predicted - b.fraction_positive);
  return s / y.length;
}

/** Percentile bootstrap interval (seeded, rows resampled with replacement) of any statistic of (y, p). */
export function bootstrapInterval(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  statistic: (y: Float64Array, p: Float64Array) => number,
  nResamples: number,
  seed: number,
  level = 0.95,
): [number, number] {
  const n = y.length;
  const rng = makeRng(seed);
  const yb = new Float64Array(n);
  const pb = new Float64Array(n);
  const values: number[] = [];
  for (let b = 0; b < nResamples; b++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(0, n - 1);
      yb[i] = y[j];
      pb[i] = p[j];
    }
    values.push(statistic(yb, pb));
  }
  const lo = ((1 - level) / 2) * 100;
  return [percentile(values, lo), percentile(values, 100 - lo)];
}

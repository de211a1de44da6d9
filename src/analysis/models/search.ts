// Cross-validated grid search. Every fold's preprocessing is fitted on that fold's training rows only and then
// shared by all configurations of the fold; KNN reuses one neighbour table per (fold, scaler, metric) (a k-NN with
// smaller k reads a prefix of it); trees reuse one float32 presort per fold; SVCs with the same kernel share one
// precomputed-kernel libsvm problem and one validation kernel per fold (C changes neither).

import { roundSignificant } from "../stats/rounding.js";
import { NUMERIC_FEATURES, type Customer } from "../schema.js";
import { hasDecisionFunction, makeKnn, makeLogistic, makeSvc, makeTree } from "./estimators.js";
import { configKey, type Config } from "./grid.js";
import { FAMILY } from "./families.js";
import { neighbourTable, probaFromTable } from "./knn.js";
import type { Matrix } from "./matrix.js";
import { mean, rocAuc, std } from "./metrics.js";
import { Preprocessor } from "./preprocess.js";
import type { ScalerKind } from "./scoring.js";
import { presort, type Presorted } from "./tree.js";
import { gramBase, queryBase, queryKernel, SvcProblem } from "./svc.js";

export interface CvInput {
  /** Training customers in CV order. */
  customers: readonly Customer[];
  y: Uint8Array;
  /** Fold number per training row. */
  folds: Int32Array;
  nFolds: number;
}

export interface ConfigResult {
  key: string;
  foldAucs: number[];
  /** Out-of-fold ranking score per training row: decision function (LR, SVC) or P(y = 1) (KNN, tree). */
  oof: Float64Array;
  /** Whether `oof` holds decision values. */
  decision: boolean;
}

interface FoldMatrices {
  Xtr: Matrix;
  Xva: Matrix;
}

class FoldCache {
  readonly trainIdx: number[][] = [];
  readonly valIdx: number[][] = [];
  readonly yTr: Uint8Array[] = [];
  readonly yVa: Uint8Array[] = [];
  private readonly mats = new Map<string, FoldMatrices>();
  private readonly sorted = new Map<string, Presorted>();

  constructor(readonly cv: CvInput) {
    for (let f = 0; f < cv.nFolds; f++) {
      const tr: number[] = [];
      const va: number[] = [];
      cv.folds.forEach((k, i) => (k === f ? va : tr).push(i));
      this.trainIdx.push(tr);
      this.valIdx.push(va);
      this.yTr.push(Uint8Array.from(tr, (i) => cv.y[i]));
      this.yVa.push(Uint8Array.from(va, (i) => cv.y[i]));
    }
  }

  matrices(f: number, scaler: ScalerKind): FoldMatrices {
    const key = `${f}|${scaler}`;
    let m = this.mats.get(key);
    if (!m) {
      const tr = this.trainIdx[f].map((i) => this.cv.customers[i]);
      const va = this.valIdx[f].map((i) => this.cv.customers[i]);
      const pre = new Preprocessor({ scaler }).fit(tr); // fitted on the fold's training rows only
      m = { Xtr: pre.transform(tr), Xva: pre.transform(va) };
      this.mats.set(key, m);
    }
    return m;
  }

  presorted(f: number, scaler: ScalerKind): Presorted {
    const key = `${f}|${scaler}`;
    let p = this.sorted.get(key);
    if (!p) {
      p = presort(this.matrices(f, scaler).Xtr);
      this.sorted.set(key, p);
    }
    return p;
  }
}

/**
 * Cross-validate every configuration; results come back in the order of `configs`. A configuration's result is a
 * pure function of the configuration and the CV input: it does not depend on which other configurations are
 * evaluated with it (the caches only share work that is identical for all of them).
 */
export function evaluateConfigs(cv: CvInput, configs: readonly Config[]): ConfigResult[] {
  return new CvEvaluator(cv).evaluate(configs);
}

/**
 * evaluateConfigs in several calls sharing the per-fold preprocessing (and tree presorts) between them: a thread that
 * takes work units one at a time (workUnits; the cv task of parallel.ts) keeps one of these.
 */
export class CvEvaluator {
  private readonly cache: FoldCache;

  constructor(readonly cv: CvInput) {
    this.cache = new FoldCache(cv);
  }

  evaluate(configs: readonly Config[]): ConfigResult[] {
    return evaluateWith(this.cache, configs);
  }
}

function evaluateWith(cache: FoldCache, configs: readonly Config[]): ConfigResult[] {
  const cv = cache.cv;
  const n = cv.y.length;
  const results: ConfigResult[] = configs.map((c) => ({ key: configKey(c), foldAucs: new Array<number>(cv.nFolds).fill(NaN), oof: new Float64Array(n), decision: hasDecisionFunction(c) }));
  const record = (r: ConfigResult, f: number, scores: Float64Array) => {
    cache.valIdx[f].forEach((i, k) => (r.oof[i] = scores[k]));
    r.foldAucs[f] = rocAuc(cache.yVa[f], scores);
  };
  const groups = configGroups(configs);
  for (const members of groups) {
    const first = configs[members[0]];
    if (first.family === "svc") continue; // below
    for (let f = 0; f < cv.nFolds; f++) {
      const { Xtr, Xva } = cache.matrices(f, first.scaler);
      if (first.family === "logistic_regression") {
        // Cold starts on purpose: warm starts along the C path would make a result depend (in the last bits) on
        // which other C values are in the grid; Newton needs only ~5–10 iterations from zero anyway.
        for (const i of members) record(results[i], f, makeLogistic(configs[i]).fit(Xtr, cache.yTr[f]).decisionFunction(Xva));
      } else if (first.family === "knn") {
        const kMax = Math.max(...members.map((i) => configs[i].params.n_neighbors as number));
        const table = neighbourTable(first.params.metric as "euclidean" | "manhattan", Xtr, Xva, kMax, NUMERIC_FEATURES.length);
        for (const i of members) {
          const k = configs[i].params.n_neighbors as number;
          if (k > Xtr.rows) throw new Error(`n_neighbors = ${k} exceeds the fold's ${Xtr.rows} training rows`);
          record(results[i], f, probaFromTable(table, cache.yTr[f], k, configs[i].params.weights as "uniform" | "distance"));
        }
      } else if (first.family === "decision_tree") {
        for (const i of members) record(results[i], f, makeTree(configs[i]).fit(Xtr, cache.yTr[f], cache.presorted(f, first.scaler)).predictProba(Xva));
      }
    }
  }
  // SVC: per scaler and fold, one set of dot products serves every kernel; per kernel one libsvm problem serves every C.
  const svcGroups = groups.filter((g) => configs[g[0]].family === "svc");
  for (const scaler of new Set(svcGroups.map((g) => configs[g[0]].scaler))) {
    const mine = svcGroups.filter((g) => configs[g[0]].scaler === scaler);
    const rbf = mine.some((g) => configs[g[0]].params.kernel === "rbf");
    for (let f = 0; f < cv.nFolds; f++) {
      const { Xtr, Xva } = cache.matrices(f, scaler);
      const base = gramBase(Xtr);
      const qBase = queryBase(Xtr, Xva, rbf);
      for (const members of mine) {
        const spec = makeSvc(configs[members[0]]).kernelSpec(Xtr);
        const problem = new SvcProblem(Xtr, cache.yTr[f], spec, base);
        try {
          const K = queryKernel(spec, qBase);
          for (const i of members) record(results[i], f, makeSvc(configs[i]).fitProblem(problem).decisionFromKernel(K, Xva.rows));
        } finally {
          problem.free();
        }
      }
    }
  }
  for (const r of results) if (r.foldAucs.some(Number.isNaN)) throw new Error(`configuration ${r.key} was not evaluated`);
  return results;
}

/**
 * Configurations that share work within a fold, as lists of positions into `configs` (in first-appearance order):
 * KNN by (scaler, metric), SVC by (scaler, kernel, gamma, degree); every other configuration alone.
 */
export function configGroups(configs: readonly Config[]): number[][] {
  const groups = new Map<string, number[]>();
  configs.forEach((c, i) => {
    const p = c.params;
    const g =
      c.family === "knn"
        ? `knn|${c.scaler}|${String(p.metric)}`
        : c.family === "svc"
          ? `svc|${c.scaler}|${String(p.kernel)}|${String(p.gamma ?? "scale")}|${String(p.degree ?? 3)}`
          : `${c.family}|${c.scaler}|#${i}`;
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  return [...groups.values()];
}

/** Significant digits kept in artifacts (and used for ranking, so ties are decided on what is shown). */
/**
 * CV work units, largest first, so that threads taking the next unit finish together: configurations that share
 * per-fold work stay together (configGroups; all SVCs of one scaler share the fold's dot products, all trees of one
 * max_features the presort), everything else alone.
 */
export function workUnits(grid: readonly Config[]): number[][] {
  const units = new Map<string, number[]>();
  for (const g of configGroups(grid)) {
    const c = grid[g[0]];
    const key = c.family === "svc" ? `svc|${c.scaler}` : c.family === "decision_tree" ? `tree|${String(c.params.max_features)}` : `#${g[0]}`;
    units.set(key, [...(units.get(key) ?? []), ...g]);
  }
  const weight = (u: number[]) => u.reduce((s, i) => s + FAMILY[grid[i].family].cvCost, 0);
  return [...units.values()].map((u) => u.sort((a, b) => a - b)).sort((a, b) => weight(b) - weight(a) || a[0] - b[0]);
}

export const ARTIFACT_DIGITS = 12;


export interface LeaderboardEntry {
  family: Config["family"];
  params: Config["params"];
  scaler: Config["scaler"];
  cv_auc_mean: number;
  cv_auc_std: number;
  cv_auc_folds: number[];
}

/**
 * Leaderboard sorted best first by mean CV ROC-AUC rounded to ARTIFACT_DIGITS significant digits; equal means keep
 * grid order (GridSearchCV's rule: rank 'min' then the first candidate), so the winner never depends on
 * floating-point noise in the last bits.
 */
export function leaderboard(configs: readonly Config[], results: readonly ConfigResult[]): LeaderboardEntry[] {
  const rows = configs.map((c, i) => ({
    order: i,
    entry: {
      family: c.family,
      params: { ...c.params },
      scaler: c.scaler,
      cv_auc_mean: roundSignificant(mean(results[i].foldAucs), ARTIFACT_DIGITS),
      cv_auc_std: roundSignificant(std(results[i].foldAucs), ARTIFACT_DIGITS),
      cv_auc_folds: results[i].foldAucs.map((a) => roundSignificant(a, ARTIFACT_DIGITS)),
    },
  }));
  rows.sort((a, b) => b.entry.cv_auc_mean - a.entry.cv_auc_mean || a.order - b.order);
  return rows.map((r) => r.entry);
}

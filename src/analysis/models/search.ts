// Cross-validated grid search. Every fold's preprocessing is fitted on that fold's training rows only and then
// shared by all configurations of the fold. What else a family's configurations share per fold (KNN's neighbour
// tables, trees' presorts, SVC's kernels) is that family's CV entry, estimators.ts FAMILY_FIT[family].cv: this module
// groups configurations by its keys and hands each family its groups, without knowing any family.

import { roundSignificant } from "../stats/rounding.js";
import type { Customer } from "../schema.js";
import { FAMILY_FIT, hasDecisionFunction, type CvFolds } from "./estimators.js";
import { configKey, type Config } from "./grid.js";
import type { Matrix } from "../stats/linalg.js";
import { mean, rocAuc, std } from "./metrics.js";
import { Preprocessor } from "./preprocess.js";
import type { Family, ScalerKind } from "./scoring.js";

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

class FoldCache implements CvFolds {
  readonly trainIdx: number[][] = [];
  readonly valIdx: number[][] = [];
  readonly yTrs: Uint8Array[] = [];
  readonly yVa: Uint8Array[] = [];
  private readonly mats = new Map<string, FoldMatrices>();
  private readonly memos = new Map<string, unknown>();

  get nFolds(): number {
    return this.cv.nFolds;
  }

  constructor(readonly cv: CvInput) {
    for (let f = 0; f < cv.nFolds; f++) {
      const tr: number[] = [];
      const va: number[] = [];
      cv.folds.forEach((k, i) => (k === f ? va : tr).push(i));
      this.trainIdx.push(tr);
      this.valIdx.push(va);
      this.yTrs.push(Uint8Array.from(tr, (i) => cv.y[i]));
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

  yTr(f: number): Uint8Array {
    return this.yTrs[f];
  }

  memo<T>(name: string, f: number, scaler: ScalerKind, make: (Xtr: Matrix) => T): T {
    const key = `${name}|${f}|${scaler}`;
    if (!this.memos.has(key)) this.memos.set(key, make(this.matrices(f, scaler).Xtr));
    return this.memos.get(key) as T;
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
 * evaluateConfigs in several calls sharing the per-fold preprocessing (and what families keep in CvFolds.memo, such as
 * tree presorts) between them: a thread that takes work units one at a time (workUnits; the cv task of parallel.ts)
 * keeps one of these.
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
  // Family by family, in the order the configurations first name them; each family's groups in first-appearance order.
  const groups = configGroups(configs);
  const byFamily = new Map<Family, number[][]>();
  for (const g of groups) {
    const family = configs[g[0]].family;
    byFamily.set(family, [...(byFamily.get(family) ?? []), g]);
  }
  for (const [family, mine] of byFamily) FAMILY_FIT[family].cv.evaluate(cache, configs, mine, (i, f, scores) => record(results[i], f, scores));
  for (const r of results) if (r.foldAucs.some(Number.isNaN)) throw new Error(`configuration ${r.key} was not evaluated`);
  return results;
}

/**
 * Configurations that share work within a fold, as lists of positions into `configs` (in first-appearance order):
 * one family's configurations with one FAMILY_FIT[family].cv.shareKey; a configuration without a key alone.
 */
export function configGroups(configs: readonly Config[]): number[][] {
  const groups = new Map<string, number[]>();
  configs.forEach((c, i) => {
    const shared = FAMILY_FIT[c.family].cv.shareKey(c);
    const g = shared === null ? `#${i}` : `${c.family}|${shared}`;
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  return [...groups.values()];
}

/**
 * CV work units, largest first, so that threads taking the next unit finish together: configurations that share
 * per-fold work stay together (configGroups), and so do groups with one FAMILY_FIT[family].cv.unitKey (work one
 * thread keeps between them); everything else alone. Weights are the families' cv.cost.
 */
export function workUnits(grid: readonly Config[]): number[][] {
  const units = new Map<string, number[]>();
  for (const g of configGroups(grid)) {
    const c = grid[g[0]];
    const unit = FAMILY_FIT[c.family].cv.unitKey(c);
    const key = unit === null ? `#${g[0]}` : `${c.family}|${unit}`;
    units.set(key, [...(units.get(key) ?? []), ...g]);
  }
  const weight = (u: number[]) => u.reduce((s, i) => s + FAMILY_FIT[grid[i].family].cv.cost, 0);
  return [...units.values()].map((u) => u.sort((a, b) => a - b)).sort((a, b) => weight(b) - weight(a) || a[0] - b[0]);
}

/** Significant digits kept in artifacts (and used for ranking, so ties are decided on what is shown). */
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

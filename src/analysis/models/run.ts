// The modelling stage as one pure function: customers in, JSON-ready artifacts out
// (split, leaderboard, metrics, model, models, predictions). Deterministic: every random choice is seeded.

import { NEGATIVE_CLASS, POSITIVE_CLASS, TARGET, type Customer } from "../schema.js";
import { FAMILY_FIT, hasDecisionFunction, type FitInput } from "./estimators.js";
import { configKey, defaultGrid, FAMILIES, type Config } from "./grid.js";
import {
  averagePrecision,
  bootstrapCis,
  bootstrapInterval,
  brierScore,
  expectedCalibrationError,
  calibrationCurve,
  confusion,
  DECISION_THRESHOLD,
  precisionRecallCurve,
  precisionRecallF1,
  rocAuc,
  rocCurve,
  type CalibrationBin,
  type Confusion,
  type PrPoint,
  type RocPoint,
} from "./metrics.js";
import { calibrate, crossFitCalibration, type CalibrationMethod } from "./calibration.js";
import type { HonestModels } from "./honest.js";
import { Preprocessor } from "./preprocess.js";
import { codeOf } from "./families/index.js";
import { makeScorer, type Estimator, type Family, type ModelArtifact } from "./scoring.js";
import { ARTIFACT_DIGITS, leaderboard, type ConfigResult, type CvInput, type LeaderboardEntry } from "./search.js";
import { duplicateGroups } from "../clean/duplicates.js";
import { roundSignificant } from "../stats/rounding.js";
import { N_FOLDS, SPLIT_SEED, stratifiedKFold, stratifiedSample, stratifiedSplit, TEST_SIZE } from "./split.js";

export const BOOTSTRAP_RESAMPLES = 1000;
export const BOOTSTRAP_SEED = 20240611;
/** Significant digits of model parameters in the model artifact (predictions are computed from the rounded model). */
export const MODEL_DIGITS = 15;
/**
 * Above this many customers the model search (split, CV, refit, test metrics) runs on a stratified random sample of
 * this size, and the chosen model then scores every customer. Chosen by measurement: the search grows about as the
 * square of its rows (SVC), ~26 s CPU at 4000; scoring grows with the customers times the model's stored rows, so at
 * 1,000,000 demo customers the model stage takes ~55 s CPU (~30 s on two idle cores; KNN, the slowest scorer, would
 * add ~10 s). The study's data (1297 customers) is far below it and never sampled.
 */
export const MODEL_SAMPLE_SIZE = 4000;
/** Fixed once, never tuned: the seed of that sample. */
export const MODEL_SAMPLE_SEED = 42;

export interface ModellingOptions {
  seed?: number;
  testSize?: number;
  nFolds?: number;
  grid?: readonly Config[];
  bootstrapResamples?: number;
  bootstrapSeed?: number;
  /** Most customers the model search uses; above it, a stratified sample of this size (MODEL_SAMPLE_SIZE). */
  sampleSize?: number;
  sampleSeed?: number;
}

/** How the modelled customers were drawn when there were more than `sampleSize`. */
export interface SampleInfo {
  /** Customers in the model search (split, CV, refit, test metrics). */
  size: number;
  /** Customers in the data. */
  of: number;
  seed: number;
  rule: string;
}

export interface SplitArtifact {
  /** Training ids in CV order: sklearn StratifiedKFold(n_folds, shuffle=False) over this order gives the folds. */
  train: number[];
  test: number[];
  seed: number;
}

export interface FamilyMetrics {
  family: Family;
  params: Config["params"];
  scaler: Config["scaler"];
  cv_auc: number;
  cv_auc_std: number;
  cv_auc_folds: number[];
  test_auc: number;
  test_auc_ci: [number, number];
  pr_auc: number;
  pr_auc_ci: [number, number];
  f1: number;
  f1_ci: [number, number];
  precision: number;
  recall: number;
  threshold: number;
  confusion: Confusion;
}

export interface MetricsArtifact {
  positive_class: string;
  n_train: number;
  n_test: number;
  n_folds: number;
  positive_rate_train: number;
  positive_rate_test: number;
  bootstrap: { resamples: number; seed: number; level: number; method: "percentile" };
  grid_size: Record<Family, number>;
  /** The stratified sample the search ran on, or null when it used every customer. */
  sample: SampleInfo | null;
  chosen: FamilyMetrics;
  best_per_family: Partial<Record<Family, FamilyMetrics>>;
  /** Test-set curves of the chosen model: ROC and PR from its scores, reliability before and after calibration. */
  curves: { roc: RocPoint[]; pr: PrPoint[]; calibration: CalibrationBin[]; calibration_calibrated: CalibrationBin[] };
  /** How well the probabilities behind money match observed rates, on the test set (see models/calibration.ts). */
  calibration: CalibrationMetrics;
}

export interface CalibrationMetrics {
  method: CalibrationMethod;
  /** Cross-validated Brier score of each method on the training part's out-of-fold scores: how the method was chosen. */
  cv_brier: Record<CalibrationMethod, number>;
  /** Test set, raw scores of the chosen model and calibrated probabilities; 95 % percentile-bootstrap intervals. */
  brier_raw: number;
  brier: number;
  ece_raw: number;
  ece: number;
  brier_raw_ci: [number, number];
  brier_ci: [number, number];
  ece_raw_ci: [number, number];
  ece_ci: [number, number];
  /** Bins of the expected calibration error (equal width). */
  ece_bins: number;
  /** Largest |fold model's score − the CV's out-of-fold score| over training customers (both are the same model). */
  crossfit_max_difference: number;
}

export interface Prediction {
  id: number;
  /** train / test: the sample's split; scored: outside the sample (only when the search ran on a sample). */
  set: "train" | "test" | "scored";
  /**
   * Calibrated P(«Снизилась») from models that never saw the customer: the calibrator (fitted without the customer's
   * fold, or on the training part for test and scored customers) applied to `score`. What money and counts use.
   */
  p: number;
  /**
   * The model's raw score: the fold model's for training customers (their out-of-fold score), the chosen model's for
   * test customers and for customers outside the sample. What SHAP explains.
   */
  score: number;
}

export interface ModellingResult {
  split: SplitArtifact;
  leaderboard: LeaderboardEntry[];
  metrics: MetricsArtifact;
  /** The chosen model. */
  model: ModelArtifact;
  /** The best model of every family (the chosen one included), refitted on the whole training part. */
  models: Partial<Record<Family, ModelArtifact>>;
  /** Every customer, by id. */
  predictions: Prediction[];
  /**
   * Every customer's raw score (by id) from the model that never saw them, full precision: what makeScorer of that
   * model gives, so the browser reproduces it bit for bit.
   */
  model_scores: { ids: number[]; p: number[] };
  honest: HonestModels;
}

export interface PreparedModelling {
  options: Required<ModellingOptions>;
  /** Every customer, sorted by id. */
  all: Customer[];
  /** The modelled customers (all, or the sample), sorted by id, and their labels (1 = «Снизилась»). */
  customers: Customer[];
  y: Uint8Array;
  /** Positions into `all` of customers outside the sample, ascending (empty when not sampled). */
  outOfSample: number[];
  sample: SampleInfo | null;
  trainPos: number[];
  testPos: number[];
  cv: CvInput;
}

export function labelOf(c: Customer): 0 | 1 {
  const v = c[TARGET];
  if (v === POSITIVE_CLASS) return 1;
  if (v === NEGATIVE_CLASS) return 0;
  throw new Error(`customer ${c.id}: unknown target value ${String(v)}`);
}

/** Split and fold assignment (no fitting yet). */
export function prepareModelling(input: readonly Customer[], options: ModellingOptions = {}): PreparedModelling {
  const opts: Required<ModellingOptions> = {
    seed: options.seed ?? SPLIT_SEED,
    testSize: options.testSize ?? TEST_SIZE,
    nFolds: options.nFolds ?? N_FOLDS,
    grid: options.grid ?? defaultGrid(),
    bootstrapResamples: options.bootstrapResamples ?? BOOTSTRAP_RESAMPLES,
    bootstrapSeed: options.bootstrapSeed ?? BOOTSTRAP_SEED,
    sampleSize: options.sampleSize ?? MODEL_SAMPLE_SIZE,
    sampleSeed: options.sampleSeed ?? MODEL_SAMPLE_SEED,
  };
  const all = [...input].sort((a, b) => a.id - b.id); // independent of file order
  for (let i = 1; i < all.length; i++) if (all[i].id === all[i - 1].id) throw new Error(`duplicate id ${all[i].id}`);
  let customers = all;
  let y = Uint8Array.from(all, labelOf);
  // Copied customers (clean/duplicates.ts) move together: into or out of the sample, the test part, a CV fold.
  let groups = duplicateGroups(all);
  let sample: SampleInfo | null = null;
  const outOfSample: number[] = [];
  if (all.length > opts.sampleSize) {
    const picked = stratifiedSample(y, opts.sampleSize, opts.sampleSeed, groups);
    const inSample = new Uint8Array(all.length);
    for (const i of picked) inSample[i] = 1;
    for (let i = 0; i < all.length; i++) if (!inSample[i]) outOfSample.push(i);
    customers = picked.map((i) => all[i]);
    y = Uint8Array.from(picked, (i) => y[i]);
    groups = Int32Array.from(picked, (i) => groups[i]);
    sample = {
      size: picked.length,
      of: all.length,
      seed: opts.sampleSeed,
      rule: `more than ${opts.sampleSize} customers: a random sample of ${opts.sampleSize}, stratified by ${TARGET}, seed ${opts.sampleSeed}`,
    };
  }
  const { train, test } = stratifiedSplit(y, opts.testSize, opts.seed, groups);
  const yTrain = Uint8Array.from(train, (i) => y[i]);
  const folds = stratifiedKFold(yTrain, opts.nFolds, Int32Array.from(train, (i) => groups[i]));
  const cv: CvInput = { customers: train.map((i) => customers[i]), y: yTrain, folds, nFolds: opts.nFolds };
  const grid = feasibleGrid(opts.grid, smallestFoldTrainingSize(folds, opts.nFolds));
  return { options: { ...opts, grid }, all, customers, y, outOfSample, sample, trainPos: train, testPos: test, cv };
}

/** Rows a CV fold trains on, at the least: the training part minus its largest validation fold. */
function smallestFoldTrainingSize(folds: ArrayLike<number>, nFolds: number): number {
  const sizes = new Array<number>(nFolds).fill(0);
  for (let i = 0; i < folds.length; i++) sizes[folds[i]]++;
  return folds.length - Math.max(...sizes);
}

/**
 * Drops configurations a small dataset cannot fit (k nearest neighbours with k above a fold's training
 * rows), so a small refresh still gets a search instead of an error. On the study's data nothing is dropped.
 */
export function feasibleGrid(grid: readonly Config[], minTrainingRows: number): Config[] {
  return grid.filter((c) => c.family !== "knn" || (c.params.n_neighbors as number) <= minTrainingRows);
}

interface Refit {
  artifact: ModelArtifact;
  /** Ranking score on the test rows (decision function where the family has one). */
  testScore: Float64Array;
  /** P(y = 1) on the test rows, computed from the (rounded) artifact exactly as the browser does. */
  testProba: Float64Array;
  /** Out-of-fold P(y = 1) for the training rows. */
  oofProba: Float64Array;
}

interface FittedArtifact {
  artifact: ModelArtifact;
  /** Decision function of the fitted estimator on `query` rows (families that have one), else null. */
  decision: Float64Array | null;
}

/**
 * Fits `config` on `train` (preprocessing included, the family's fit from estimators.ts FAMILY_FIT) and returns the
 * browser's model artifact. `platt`: see FitInput (SVC's Platt sigmoid, from out-of-fold decisions or the chosen model).
 */
function fitArtifact(
  config: Config,
  train: readonly Customer[],
  yTr: Uint8Array,
  query: readonly Customer[],
  platt: FitInput["platt"],
): FittedArtifact {
  const pre = new Preprocessor({ scaler: config.scaler }).fit(train);
  const Xtr = pre.transform(train);
  const Xq = pre.transform(query);
  const raw = pre.encode(train);
  const { estimator, decision } = FAMILY_FIT[config.family].fit(config, { Xtr, yTr, Xq, raw, platt, round: roundEstimator });
  // The estimator comes from FAMILY_FIT[config.family], so it is that family's (TypeScript cannot correlate the two).
  const artifact = {
    format: "one-click-retention-model/1",
    family: config.family,
    params: { ...config.params },
    scaler: config.scaler,
    positive_class: POSITIVE_CLASS,
    preprocessor: roundDeep(pre.toJSON(), MODEL_DIGITS),
    estimator,
  } as ModelArtifact;
  return { artifact, decision };
}

function refit(prep: PreparedModelling, config: Config, cvResult: ConfigResult): Refit {
  const test = prep.testPos.map((i) => prep.customers[i]);
  const { artifact, decision } = fitArtifact(config, prep.cv.customers, prep.cv.y, test, { oof: cvResult.oof });
  const oofProba = codeOf(artifact).oofProbability(artifact, cvResult.oof);
  const score = makeScorer(artifact);
  const testProba = Float64Array.from(test, score);
  // Without a decision function the ranking score is the probability (identical up to the rounding of model parameters).
  const testScore = decision !== null && hasDecisionFunction(config) ? decision : testProba;
  return { artifact, testScore, testProba, oofProba };
}

/**
 * The chosen configuration refitted on each CV fold's training rows (every fold but k): fold model k is the model
 * that never saw fold k's customers, the one whose score is their out-of-fold probability. SVC fold models share
 * the chosen model's Platt sigmoid (fitted on out-of-fold decisions only).
 */
function foldModels(prep: PreparedModelling, config: Config, chosen: ModelArtifact): ModelArtifact[] {
  const { customers, y, folds, nFolds } = prep.cv;
  const platt = { chosen };
  return Array.from({ length: nFolds }, (_, k) => {
    const rows: number[] = [];
    for (let i = 0; i < customers.length; i++) if (folds[i] !== k) rows.push(i);
    const train = rows.map((i) => customers[i]);
    return fitArtifact(config, train, Uint8Array.from(rows, (i) => y[i]), [], platt).artifact;
  });
}

function familyMetrics(prep: PreparedModelling, entry: LeaderboardEntry, r: Refit): FamilyMetrics {
  const yTe = Uint8Array.from(prep.testPos, (i) => prep.y[i]);
  const conf = confusion(yTe, r.testProba, DECISION_THRESHOLD);
  const prf = precisionRecallF1(conf);
  const ci = bootstrapCis(yTe, r.testProba, r.testScore, prep.options.bootstrapResamples, prep.options.bootstrapSeed);
  return roundDeep(
    {
      family: entry.family,
      params: entry.params,
      scaler: entry.scaler,
      cv_auc: entry.cv_auc_mean,
      cv_auc_std: entry.cv_auc_std,
      cv_auc_folds: entry.cv_auc_folds,
      test_auc: rocAuc(yTe, r.testScore),
      test_auc_ci: ci.test_auc,
      pr_auc: averagePrecision(yTe, r.testScore),
      pr_auc_ci: ci.pr_auc,
      f1: prf.f1,
      f1_ci: ci.f1,
      precision: prf.precision,
      recall: prf.recall,
      threshold: DECISION_THRESHOLD,
      confusion: conf,
    },
    12,
  );
}

/** The result before the chosen model has scored every customer (see completeModelling). */
export interface StagedModelling {
  result: Omit<ModellingResult, "predictions" | "model_scores">;
  /** Sample customers' predictions (train out-of-fold, test held out), by id. */
  sampled: Prediction[];
  /** Their raw scores at full precision, in `sampled` order. */
  sampledScores: Float64Array;
}

/** Everything after the grid has been cross-validated: ranking, refits, fold models, calibration, test metrics. */
export function stageModelling(prep: PreparedModelling, results: readonly ConfigResult[]): StagedModelling {
  const grid = prep.options.grid;
  if (results.length !== grid.length) throw new Error("one CV result per configuration expected");
  results.forEach((r, i) => {
    if (r.key !== configKey(grid[i])) throw new Error(`CV result ${i} belongs to another configuration`);
  });
  const board = leaderboard(grid, results);
  const resultOf = new Map(results.map((r) => [r.key, r]));
  const configOf = (e: LeaderboardEntry): Config => ({ family: e.family, params: e.params, scaler: e.scaler });

  const models: Partial<Record<Family, ModelArtifact>> = {};
  const bestPerFamily: Partial<Record<Family, FamilyMetrics>> = {};
  const refits = new Map<Family, Refit>();
  for (const family of FAMILIES) {
    const entry = board.find((e) => e.family === family);
    if (!entry) continue;
    const r = refit(prep, configOf(entry), resultOf.get(configKey(configOf(entry)))!);
    refits.set(family, r);
    models[family] = r.artifact;
    bestPerFamily[family] = familyMetrics(prep, entry, r);
  }
  const chosenEntry = board[0];
  const chosen = refits.get(chosenEntry.family)!;
  const yTe = Uint8Array.from(prep.testPos, (i) => prep.y[i]);
  const ids = (pos: number[]) => pos.map((i) => prep.customers[i].id);
  const gridSize = Object.fromEntries(FAMILIES.map((f) => [f, grid.filter((c) => c.family === f).length])) as Record<Family, number>;
  const rate = (pos: number[]) => pos.reduce((s, i) => s + prep.y[i], 0) / pos.length;

  // Cross-fitting: each training customer is scored by the fold model that never saw them (computed from its artifact,
  // as the browser does), and calibrated by a calibrator fitted without their fold.
  const folds = foldModels(prep, configOf(chosenEntry), chosen.artifact);
  const foldScorers = folds.map(makeScorer);
  const { customers: trainCustomers, y: yTr, folds: foldOf, nFolds } = prep.cv;
  const trainScore = Float64Array.from(trainCustomers, (c, k) => foldScorers[foldOf[k]](c));
  let crossfitDifference = 0;
  trainScore.forEach((s, k) => (crossfitDifference = Math.max(crossfitDifference, Math.abs(s - chosen.oofProba[k]))));
  const calibration = crossFitCalibration(trainScore, yTr, foldOf, nFolds);
  const testCalibrated = chosen.testProba.map((s) => calibrate(calibration.final, s));
  const { bootstrapResamples: B, bootstrapSeed: seed } = prep.options;
  const ECE_BINS = 10;
  const ece = (y: ArrayLike<number>, p: ArrayLike<number>) => expectedCalibrationError(y, p, ECE_BINS);
  const calibrationMetrics: CalibrationMetrics = roundDeep(
    {
      method: calibration.method,
      cv_brier: calibration.cv_brier,
      brier_raw: brierScore(yTe, chosen.testProba),
      brier: brierScore(yTe, testCalibrated),
      ece_raw: ece(yTe, chosen.testProba),
      ece: ece(yTe, testCalibrated),
      brier_raw_ci: bootstrapInterval(yTe, chosen.testProba, brierScore, B, seed),
      brier_ci: bootstrapInterval(yTe, testCalibrated, brierScore, B, seed),
      ece_raw_ci: bootstrapInterval(yTe, chosen.testProba, ece, B, seed),
      ece_ci: bootstrapInterval(yTe, testCalibrated, ece, B, seed),
      ece_bins: ECE_BINS,
      crossfit_max_difference: roundSignificant(crossfitDifference, 2),
    },
    12,
  );

  const metrics: MetricsArtifact = {
    positive_class: POSITIVE_CLASS,
    n_train: prep.trainPos.length,
    n_test: prep.testPos.length,
    n_folds: prep.options.nFolds,
    positive_rate_train: roundSignificant(rate(prep.trainPos), ARTIFACT_DIGITS),
    positive_rate_test: roundSignificant(rate(prep.testPos), ARTIFACT_DIGITS),
    bootstrap: { resamples: prep.options.bootstrapResamples, seed: prep.options.bootstrapSeed, level: 0.95, method: "percentile" },
    grid_size: gridSize,
    sample: prep.sample,
    chosen: bestPerFamily[chosenEntry.family]!,
    best_per_family: bestPerFamily,
    curves: roundDeep(
      {
        roc: rocCurve(yTe, chosen.testProba),
        pr: precisionRecallCurve(yTe, chosen.testProba),
        calibration: calibrationCurve(yTe, chosen.testProba),
        calibration_calibrated: calibrationCurve(yTe, testCalibrated),
      },
      12,
    ),
    calibration: calibrationMetrics,
  };

  const rows = [
    ...trainCustomers.map((c, k) => ({ id: c.id, set: "train" as const, score: trainScore[k], p: calibration.train_p[k] })),
    ...prep.testPos.map((i, k) => ({ id: prep.customers[i].id, set: "test" as const, score: chosen.testProba[k], p: testCalibrated[k] })),
  ].sort((a, b) => a.id - b.id);
  const foldRows = trainCustomers.map((c, k) => ({ id: c.id, fold: foldOf[k] })).sort((a, b) => a.id - b.id);

  return {
    result: {
      split: { train: ids(prep.trainPos), test: ids(prep.testPos), seed: prep.options.seed },
      leaderboard: board,
      metrics,
      model: chosen.artifact,
      models,
      honest: {
        folds,
        fold_of: { ids: foldRows.map((r) => r.id), fold: foldRows.map((r) => r.fold) },
        calibration: { method: calibration.method, final: calibration.final, folds: calibration.folds },
      },
    },
    sampled: rows.map((r) => ({ id: r.id, set: r.set, p: roundSignificant(r.p, ARTIFACT_DIGITS), score: roundSignificant(r.score, ARTIFACT_DIGITS) })),
    sampledScores: Float64Array.from(rows, (r) => r.score),
  };
}

/**
 * Adds the chosen model's scores of customers outside the sample (`scores[i]` for `prep.all[i]`, e.g. from batch.ts;
 * in-sample entries are ignored: those customers keep their cross-fitted scores): predictions (set "scored") and
 * model_scores. Whoever computes the scores, the result is the same.
 */
export function completeModelling(prep: PreparedModelling, staged: StagedModelling, scores: ArrayLike<number>): ModellingResult {
  if (scores.length !== prep.all.length) throw new Error("one score per customer expected");
  const final = staged.result.honest.calibration.final;
  const scored: Prediction[] = prep.outOfSample.map((i) => ({ id: prep.all[i].id, set: "scored" as const, p: roundSignificant(calibrate(final, scores[i]), ARTIFACT_DIGITS), score: roundSignificant(scores[i], ARTIFACT_DIGITS) }));
  const predictions = scored.length === 0 ? staged.sampled : mergeById(staged.sampled, scored);
  const sampledScore = new Map(staged.sampled.map((r, k) => [r.id, staged.sampledScores[k]]));
  return {
    ...staged.result,
    predictions,
    model_scores: { ids: prep.all.map((c) => c.id), p: prep.all.map((c, i) => sampledScore.get(c.id) ?? scores[i]) },
  };
}

function mergeById(a: readonly Prediction[], b: readonly Prediction[]): Prediction[] {
  const out: Prediction[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i].id < b[j].id) ? a[i++] : b[j++]);
  return out;
}

/** Round every finite number in a JSON-like value to `digits` significant digits. */
export function roundDeep<T>(value: T, digits: number): T {
  if (typeof value === "number") return roundSignificant(value, digits) as T;
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, digits)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v, digits)])) as T;
  }
  return value;
}

function roundEstimator<E extends Estimator>(e: E): E {
  return roundDeep(e, MODEL_DIGITS);
}

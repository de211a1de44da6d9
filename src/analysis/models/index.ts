// Public API of the modelling stage (pure core; the Node-only two-thread runner is runner-node.ts).
//
//   runModelling(customers, options?) → { split, leaderboard, metrics, model, models, predictions, model_scores }
//     With more than MODEL_SAMPLE_SIZE customers, split / CV / refit / test metrics run on a stratified sample
//     (metrics.sample = {size, of, seed, rule}, else null) and the chosen model scores everyone else.
//     split        {"train": [ids in CV order], "test": [ids], "seed": 42} (of the sample when sampled)
//     leaderboard  [{family, params, scaler, cv_auc_mean, cv_auc_std, cv_auc_folds}] best first
//     metrics      {chosen: {...}, best_per_family: {family: {...}}, curves: {roc, pr, calibration}, sample, ...}
//     model        ModelArtifact of the chosen model (plain JSON; score it with scoring.ts's scoreCustomer)
//     models       ModelArtifact of the best model of every family
//     predictions  [{id, set: "train" | "test" | "scored", p}] for every customer — train p out-of-fold, test p from
//                  `model`, scored (outside the sample) p from `model`
//     model_scores {ids, p}: `model`'s own P for every customer, full precision (batch.ts, = makeScorer)
//   runModellingParallel (runner-node.ts): the same result on two threads. Batch scoring: batch.ts scoreCustomers,
//   runner-node.ts scoreCustomersParallel.
//   Floats in leaderboard / metrics / predictions are rounded to 12 significant digits, model parameters to 15
//   (test predictions are computed from the rounded model, so the page reproduces them exactly).

export { defaultGrid, configKey, FAMILIES, TREE_RANDOM_STATE, type Config, type ParamValue } from "./grid.js";
export { Preprocessor, SCALERS } from "./preprocess.js";
export { LogisticRegression, type LogisticRegressionParams } from "./logistic.js";
export { KNeighborsClassifier, type KNeighborsParams } from "./knn.js";
export { DecisionTreeClassifier, presort, type DecisionTreeParams } from "./tree.js";
export { SVC, type SvcParams } from "./svc.js";
export { sigmoidTrain } from "./calibration.js";
export { makeEstimator } from "./estimators.js";
export * from "./metrics.js";
export { stratifiedSplit, stratifiedKFold, stratifiedSample, SPLIT_SEED, TEST_SIZE, N_FOLDS } from "./split.js";
export { evaluateConfigs, CvEvaluator, leaderboard, roundSig, ARTIFACT_DIGITS, type ConfigResult, type CvInput, type LeaderboardEntry } from "./search.js";
export { makeBatchScorer, scoreCustomers, encodeRows, type BatchScorer } from "./batch.js";
export {
  runModelling,
  prepareModelling,
  stageModelling,
  completeModelling,
  finishModelling,
  labelOf,
  BOOTSTRAP_RESAMPLES,
  BOOTSTRAP_SEED,
  MODEL_DIGITS,
  MODEL_SAMPLE_SIZE,
  MODEL_SAMPLE_SEED,
  type SampleInfo,
  type StagedModelling,
  type FamilyMetrics,
  type MetricsArtifact,
  type ModellingOptions,
  type ModellingResult,
  type Prediction,
  type SplitArtifact,
} from "./run.js";
export * from "./scoring.js";
export type { Matrix } from "./matrix.js";

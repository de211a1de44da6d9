// Public API of the modelling stage (pure core; the Node-only two-thread runner is runner-node.ts).
//
//   runModelling(customers, options?) → { split, leaderboard, metrics, model, models, predictions }
//     split        {"train": [ids in CV order], "test": [ids], "seed": 42}
//     leaderboard  [{family, params, scaler, cv_auc_mean, cv_auc_std, cv_auc_folds}] best first
//     metrics      {chosen: {...}, best_per_family: {family: {...}}, curves: {roc, pr, calibration}, ...}
//     model        ModelArtifact of the chosen model (plain JSON; score it with scoring.ts's scoreCustomer)
//     models       ModelArtifact of the best model of every family
//     predictions  [{id, set: "train" | "test", p}] — train p out-of-fold, test p from `model`
//   Floats in leaderboard / metrics / predictions are rounded to 12 significant digits, model parameters to 15
//   (test predictions are computed from the rounded model, so the page reproduces them exactly).

export { defaultGrid, configKey, FAMILIES, TREE_RANDOM_STATE, type Config, type ParamValue } from "./grid.js";
export { Preprocessor, SCALERS } from "./preprocess.js";
export { LogisticRegression, type LogisticRegressionParams } from "./logistic.js";
export { KNeighborsClassifier, type KNeighborsParams } from "./knn.js";
export { DecisionTreeClassifier, presort, type DecisionTreeParams } from "./tree.js";
export { SVC, sigmoidTrain, type SvcParams } from "./svc.js";
export { makeEstimator } from "./estimators.js";
export * from "./metrics.js";
export { stratifiedSplit, stratifiedKFold, SPLIT_SEED, TEST_SIZE, N_FOLDS } from "./split.js";
export { evaluateConfigs, leaderboard, roundSig, ARTIFACT_DIGITS, type ConfigResult, type CvInput, type LeaderboardEntry } from "./search.js";
export {
  runModelling,
  prepareModelling,
  finishModelling,
  labelOf,
  BOOTSTRAP_RESAMPLES,
  BOOTSTRAP_SEED,
  MODEL_DIGITS,
  type FamilyMetrics,
  type MetricsArtifact,
  type ModellingOptions,
  type ModellingResult,
  type Prediction,
  type SplitArtifact,
} from "./run.js";
export * from "./scoring.js";
export type { Matrix } from "./matrix.js";

// The hyperparameter grid: one ordered list of configurations over all four families.
// Parameter names are scikit-learn's, so every leaderboard row maps 1:1 onto an sklearn estimator
// (scripts/sklearn_fixtures.py builds the same grid from these names).

import type { Family, ScalerKind } from "./scoring.js";

export type ParamValue = string | number | null;

export interface Config {
  family: Family;
  params: Record<string, ParamValue>;
  scaler: ScalerKind;
}

export const FAMILIES: readonly Family[] = ["logistic_regression", "knn", "decision_tree", "svc"];

/** random_state of every decision tree (used only when max_features draws features). */
export const TREE_RANDOM_STATE = 42;

export const LR_C = [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10];
export const KNN_K = Array.from({ length: 16 }, (_, i) => 2 * i + 1); // 1, 3, …, 31
export const TREE_DEPTHS = [2, 3, 4, 5, 6, 7, 8, 10, 12, null];
export const TREE_MIN_LEAF = [1, 5, 10, 20, 40];
export const TREE_MAX_FEATURES = [null, "sqrt"] as const;
export const SVC_LINEAR_C = [0.01, 0.1, 1, 10];
export const SVC_RBF_C = [0.1, 1, 10];
export const SVC_RBF_GAMMA = ["scale", 0.01, 0.1, 1] as const;
export const SVC_POLY_C = [0.1, 1, 10];
export const SVC_POLY_DEGREE = [2, 3];

/**
 * The full grid in its canonical order (family, then the loops below). The order matters only for ties:
 * equal mean CV AUC keeps grid order, as GridSearchCV's rank_test_score + best_index_ do.
 * Trees are searched unscaled only (splits are invariant to per-column monotone scaling); SVC with standard and
 * min-max scaling only (an RBF / polynomial kernel on raw revenue in the thousands is not a practitioner's option,
 * and libsvm converges very slowly on it).
 */
export function defaultGrid(): Config[] {
  const grid: Config[] = [];
  for (const scaler of ["standard", "minmax", "none"] as const) {
    for (const penalty of ["l1", "l2"]) for (const C of LR_C) grid.push({ family: "logistic_regression", params: { penalty, C }, scaler });
  }
  for (const scaler of ["standard", "minmax", "none"] as const) {
    for (const metric of ["euclidean", "manhattan"]) {
      for (const weights of ["uniform", "distance"]) for (const k of KNN_K) grid.push({ family: "knn", params: { n_neighbors: k, weights, metric }, scaler });
    }
  }
  for (const max_features of TREE_MAX_FEATURES) {
    for (const max_depth of TREE_DEPTHS) {
      for (const min_samples_leaf of TREE_MIN_LEAF) grid.push({ family: "decision_tree", params: { max_depth, max_features, min_samples_leaf }, scaler: "none" });
    }
  }
  for (const scaler of ["standard", "minmax"] as const) {
    for (const C of SVC_LINEAR_C) grid.push({ family: "svc", params: { kernel: "linear", C }, scaler });
    for (const C of SVC_RBF_C) for (const gamma of SVC_RBF_GAMMA) grid.push({ family: "svc", params: { kernel: "rbf", C, gamma }, scaler });
    for (const degree of SVC_POLY_DEGREE) for (const C of SVC_POLY_C) grid.push({ family: "svc", params: { kernel: "poly", C, gamma: "scale", degree }, scaler });
  }
  return grid;
}

/** Stable text key of a configuration (family + scaler + params in key order). */
export function configKey(c: Config): string {
  const p = Object.keys(c.params)
    .sort()
    .map((k) => `${k}=${String(c.params[k])}`)
    .join(",");
  return `${c.family}|${c.scaler}|${p}`;
}

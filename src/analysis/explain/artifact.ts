// SHAP artifacts for the report: plain JSON, byte-stable (fixed key order, values rounded to significant digits).

import type { Customer } from "../schema.js";
import type { Family, ModelArtifact } from "../models/scoring.js";
import { roundSignificant } from "../stats/rounding.js";
import { checkAdditivity, makeExplainer, explainWith, ADDITIVITY_TOLERANCE } from "./explainer.js";
import { featureValue } from "./players.js";
import type { ExplainOptions, ShapAlgorithm, ShapOutput } from "./types.js";

export const SHAP_DIGITS = 10;

export interface ShapArtifact {
  model: Family;
  output: ShapOutput;
  base_value: number;
  /** Original feature names (players), in the preprocessor's order. */
  features: string[];
  ids: number[];
  /** values[i][j]: SHAP value of features[j] for customer ids[i]; base_value + Σ_j values[i][j] = model output. */
  values: number[][];
  /** Raw values as in the merged table (numbers, or category labels). */
  feature_values: (number | string)[][];
  /** How the values were computed, so the page can say so. */
  explainer: {
    algorithm: ShapAlgorithm;
    background_size: number;
    permutations: number | null;
    seed: number | null;
    /** Largest |base + Σφ − model output| over the customers, after rounding. */
    max_additivity_error: number;
  };
}

export interface ShapArtifactOptions extends ExplainOptions {
  /** Significant digits of base_value and values (default 10). */
  digits?: number;
}

/**
 * SHAP values of `customers` (kept in the given order) for one model. `background` is the model's training set.
 * Throws if the rounded values break additivity (base + Σφ = output within 1e-6) for any customer.
 */
export function buildShapArtifact(model: ModelArtifact, customers: readonly Customer[], background: readonly Customer[], options: ShapArtifactOptions = {}): ShapArtifact {
  const digits = options.digits ?? SHAP_DIGITS;
  const set = explainWith(makeExplainer(model, background, options), customers);
  const round = (v: number) => roundSignificant(v, digits);
  const rounded = { output: set.output, base_value: round(set.base_value), values: set.values.map((row) => row.map(round)), ids: set.ids };
  const check = checkAdditivity(model, customers, rounded, ADDITIVITY_TOLERANCE);
  if (!check.ok) throw new Error(`SHAP values of ${model.family} are not additive: error ${check.max_error} for customer ${check.worst_id}`);
  return {
    model: model.family,
    output: set.output,
    base_value: rounded.base_value,
    features: set.features,
    ids: set.ids,
    values: rounded.values,
    feature_values: customers.map((c) => set.features.map((name) => featureValue(c, name))),
    explainer: {
      algorithm: set.algorithm,
      background_size: set.background_size,
      permutations: set.permutations,
      seed: set.seed,
      max_additivity_error: roundSignificant(check.max_error, 2),
    },
  };
}

const FAMILY_ORDER: readonly Family[] = ["logistic_regression", "knn", "decision_tree", "svc"];

/**
 * One artifact per model (e.g. the best model of each family), in a fixed family order, so a page can compare
 * the families' explanations of the same customers. At most one model per family.
 */
export function buildShapArtifacts(models: readonly ModelArtifact[], customers: readonly Customer[], background: readonly Customer[], options: ShapArtifactOptions = {}): ShapArtifact[] {
  const seen = new Set<Family>();
  for (const m of models) {
    if (seen.has(m.family)) throw new Error(`two models of family ${m.family}: pass the best one of each family`);
    seen.add(m.family);
  }
  return [...models]
    .sort((a, b) => FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family))
    .map((m) => buildShapArtifact(m, customers, background, options));
}

/** Global importance: mean |SHAP| per feature, largest first (ties in feature order). */
export function meanAbsShap(artifact: Pick<ShapArtifact, "features" | "values">): { feature: string; mean_abs: number }[] {
  const n = artifact.values.length;
  return artifact.features
    .map((feature, j) => ({ feature, j, mean_abs: n === 0 ? 0 : artifact.values.reduce((s, row) => s + Math.abs(row[j]), 0) / n }))
    .sort((a, b) => b.mean_abs - a.mean_abs || a.j - b.j)
    .map(({ feature, mean_abs }) => ({ feature, mean_abs }));
}

// SHAP artifacts for the report: plain JSON, byte-stable (fixed key order, values rounded to significant digits).

import type { Customer } from "../schema.js";
import type { Family, ModelArtifact } from "../models/scoring.js";
import { roundSignificant } from "../stats/rounding.js";
import type { WeightedBackground } from "./background.js";
import { checkAdditivity, makeExplainer, explainWith, ADDITIVITY_TOLERANCE } from "./explainer.js";
import { featureValue } from "./players.js";
import type { BackgroundKind, ExplainOptions, ExplanationSet, ShapAlgorithm, ShapOutput } from "./types.js";

export const SHAP_DIGITS = 10;

export interface ShapArtifact {
  model: Family;
  output: ShapOutput;
  /** The base value of the chosen (final) model: its mean output over its background. */
  base_value: number;
  /**
   * Each customer's own base value (the base value of the model that explains them: with cross-fitting a training
   * customer is explained by their fold model); base_values[i] + Σ_j values[i][j] = that model's output for ids[i].
   */
  base_values: number[];
  /** Original feature names (players), in the preprocessor's order. */
  features: string[];
  ids: number[];
  /** values[i][j]: SHAP value of features[j] for customer ids[i]; base_values[i] + Σ_j values[i][j] = model output. */
  values: number[][];
  /** Raw values as in the merged table (numbers, or category labels). */
  feature_values: (number | string)[][];
  /** How the values were computed, so the page can say so. */
  explainer: {
    algorithm: ShapAlgorithm;
    /** Background customers used (for kmeans: representatives). */
    background_size: number;
    /** How they were chosen: all given, k-means representatives weighted by cluster size, a random sample. */
    background?: BackgroundKind;
    /** How many customers the background stands for (the training set), when known. */
    background_of?: number | null;
    permutations: number | null;
    seed: number | null;
    /** Largest |base + Σφ − model output| over the customers, after rounding. */
    max_additivity_error: number;
    /**
     * Permutation algorithm: root mean square of the values' Monte-Carlo standard errors (2 significant digits); an
     * overestimate with a k-means background (it also counts the spread between clusters). null when exact.
     */
    standard_error?: number | null;
  };
  /** null (or absent in artifacts written before it existed): every customer is explained; otherwise which customers are, and by what rule. */
  sample?: ExplainedSample | null;
}

/**
 * The explained customers when not all are: how many of how many, chosen how (the page puts the rule into words,
 * src/components/sample-words.ts). Without `even` and `segment`: an even sample by id (every k-th customer).
 */
export interface ExplainedSample {
  size: number;
  of: number;
  /** How many of them are the even sample by id of all customers (global importance uses only these). */
  even?: number;
  /** The default segment: its size, how many of it are explained (all, or an even sample by id when the budget is short), and its thresholds. */
  segment?: { size: number; taken: number; probability: number; profit: number };
  /** Ids of the explained customers that form an even sample of all customers. */
  representative_ids?: number[];
}

export interface ShapArtifactOptions extends ExplainOptions {
  /** Significant digits of base_value and values (default 10). */
  digits?: number;
}

/**
 * SHAP values of `customers` (kept in the given order) for one model. `background` is the model's training set
 * (or explainerBackground's output). Throws if the rounded values break additivity (base + Σφ = output within
 * 1e-6) for any customer.
 */
export function buildShapArtifact(model: ModelArtifact, customers: readonly Customer[], background: readonly Customer[] | WeightedBackground, options: ShapArtifactOptions = {}): ShapArtifact {
  const set = explainWith(makeExplainer(model, background, options), customers);
  return shapArtifactFrom(model, customers, set, { ...options, background_of: Array.isArray(background) ? background.length : null });
}

/**
 * The artifact from explanations computed elsewhere (e.g. on several threads and joined with joinExplanations):
 * rounding, the additivity check against the model itself, and the metadata.
 */
export function shapArtifactFrom(
  model: ModelArtifact,
  customers: readonly Customer[],
  set: ExplanationSet,
  options: { digits?: number; background_of?: number | null; sample?: ExplainedSample | null } = {},
): ShapArtifact {
  const digits = options.digits ?? SHAP_DIGITS;
  const round = (v: number) => roundSignificant(v, digits);
  const rounded = { output: set.output, base_value: round(set.base_value), values: set.values.map((row) => row.map(round)), ids: set.ids };
  const check = checkAdditivity(model, customers, rounded, ADDITIVITY_TOLERANCE);
  if (!check.ok) throw new Error(`SHAP values of ${model.family} are not additive: error ${check.max_error} for customer ${check.worst_id}`);
  let standard_error: number | null = null;
  if (set.standard_errors) {
    let s = 0;
    let count = 0;
    for (const row of set.standard_errors) for (const v of row) (s += v * v), count++;
    standard_error = count > 0 ? roundSignificant(Math.sqrt(s / count), 2) : null;
  }
  return {
    model: model.family,
    output: set.output,
    base_value: rounded.base_value,
    base_values: set.ids.map(() => rounded.base_value),
    features: set.features,
    ids: set.ids,
    values: rounded.values,
    feature_values: customers.map((c) => set.features.map((name) => featureValue(c, name))),
    explainer: {
      algorithm: set.algorithm,
      background_size: set.background_size,
      background: set.background,
      background_of: options.background_of ?? null,
      permutations: set.permutations,
      seed: set.seed,
      max_additivity_error: roundSignificant(check.max_error, 2),
      standard_error,
    },
    sample: options.sample ?? null,
  };
}

/**
 * One artifact from the artifacts of several models of one family that each explain other customers (cross-fitting:
 * the fold models and the final model), rows in the order of `ids`. `parts[0]` is the final model's: its base value and
 * explainer settings describe the whole; the additivity error is the largest of the parts'.
 */
export function combineShapArtifacts(parts: readonly ShapArtifact[], ids: readonly number[]): ShapArtifact {
  const [first] = parts;
  const at = new Map<number, [number, number]>();
  parts.forEach((a, k) => {
    if (a.model !== first.model || a.features.join() !== first.features.join()) throw new Error("SHAP parts of different models or features");
    a.ids.forEach((id, i) => {
      if (at.has(id)) throw new Error(`customer ${id} is explained twice`);
      at.set(id, [k, i]);
    });
  });
  if (at.size !== ids.length) throw new Error(`${at.size} explained customers, ${ids.length} expected`);
  const rows = ids.map((id) => {
    const r = at.get(id);
    if (!r) throw new Error(`customer ${id} is not explained`);
    return r;
  });
  let se2 = 0;
  let seCount = 0;
  for (const a of parts) {
    if (a.explainer.standard_error == null) continue;
    se2 += a.explainer.standard_error ** 2 * a.ids.length;
    seCount += a.ids.length;
  }
  return {
    ...first,
    ids: [...ids],
    base_values: rows.map(([k, i]) => parts[k].base_values[i]),
    values: rows.map(([k, i]) => parts[k].values[i]),
    feature_values: rows.map(([k, i]) => parts[k].feature_values[i]),
    explainer: {
      ...first.explainer,
      max_additivity_error: Math.max(...parts.map((a) => a.explainer.max_additivity_error)),
      standard_error: first.explainer.standard_error == null ? null : seCount > 0 ? roundSignificant(Math.sqrt(se2 / seCount), 2) : first.explainer.standard_error,
    },
  };
}

/** Explanation sets of consecutive parts of one list of customers (same explainer), joined in order. */
export function joinExplanations(parts: readonly ExplanationSet[]): ExplanationSet {
  if (parts.length === 0) throw new Error("nothing to join");
  const [first] = parts;
  for (const p of parts) {
    if (p.family !== first.family || p.algorithm !== first.algorithm || p.base_value !== first.base_value || p.seed !== first.seed || p.permutations !== first.permutations || p.background_size !== first.background_size) {
      throw new Error("explanations from different explainers cannot be joined");
    }
  }
  return {
    ...first,
    ids: parts.flatMap((p) => p.ids),
    values: parts.flatMap((p) => p.values),
    output_values: parts.flatMap((p) => p.output_values),
    standard_errors: first.standard_errors ? parts.flatMap((p) => p.standard_errors ?? []) : null,
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

// Shared types of the explainers (shap-like: an Explainer is fitted once on a background, then explains customers).

import type { Customer } from "../schema.js";
import type { Family } from "../models/scoring.js";

/** The scale SHAP values add up on: log-odds for the linear model, P(«Снизилась») otherwise. */
export type ShapOutput = "log-odds" | "probability";

/**
 * linear      — exact interventional Linear SHAP (log-odds);
 * tree        — exact interventional TreeSHAP (probability);
 * permutation — sampled antithetic permutations (model-agnostic, probability);
 * exact       — all 2^M coalitions (model-agnostic, probability; small M only).
 */
export type ShapAlgorithm = "linear" | "tree" | "permutation" | "exact";

export interface ExplainOptions {
  /** "auto" (default): linear → linear, tree → tree, knn/svc → permutation (or exact when that is no dearer). */
  algorithm?: "auto" | ShapAlgorithm;
  /**
   * Model-agnostic algorithms only: how many background customers summarise the training set given as
   * `background`. The linear and tree explainers always use the whole background they are given.
   */
  background_size?: number;
  /**
   * Model-agnostic algorithms only: "kmeans" (default) — k-means representatives weighted by cluster size;
   * "sample" — a seeded uniform sample without replacement, equally weighted.
   */
  background_method?: "kmeans" | "sample";
  /** Permutation algorithm: permutations per background customer; even, as antithetic pairs (π and reversed π). */
  permutations?: number;
  /** Seeds the background sample and, together with the customer id, each customer's permutations. */
  seed?: number;
}

/** One customer's explanation. base_value + Σ values = output_value (on `output`'s scale). */
export interface Explanation {
  values: number[];
  base_value: number;
  output_value: number;
  /** Permutation algorithm: Monte-Carlo standard error of every value (over antithetic pairs); else null. */
  standard_errors: number[] | null;
}

/**
 * all      — every background customer given, equally weighted (linear, tree; or a small set);
 * kmeans   — k-means representatives of the given customers, weighted by cluster size;
 * sample   — a seeded uniform sample of the given customers, equally weighted;
 * weighted — a weighted background passed in as such (e.g. the report's exported one).
 */
export type BackgroundKind = "all" | "kmeans" | "sample" | "weighted";

export interface Explainer {
  readonly family: Family;
  readonly algorithm: ShapAlgorithm;
  readonly background: BackgroundKind;
  readonly output: ShapOutput;
  /** Players: the model's original features, in the preprocessor's order. */
  readonly features: readonly string[];
  /** Mean model output over the background actually used. */
  readonly base_value: number;
  readonly background_size: number;
  readonly permutations: number | null;
  readonly seed: number | null;
  explain(customer: Customer): Explanation;
}

/** Explanations of many customers with one explainer. */
export interface ExplanationSet {
  family: Family;
  algorithm: ShapAlgorithm;
  background: BackgroundKind;
  output: ShapOutput;
  features: string[];
  base_value: number;
  background_size: number;
  permutations: number | null;
  seed: number | null;
  ids: number[];
  values: number[][];
  output_values: number[];
  standard_errors: number[][] | null;
}

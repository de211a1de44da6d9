// Which customers each explanation covers.
//
// The chosen model: every customer while that is cheap (SHAP_BUDGET_MS); beyond that a stated rule
// (chooseExplained): an even sample of all customers, so that global importance stays representative, plus the
// default segment's customers — the ones the report asks to act on — each of whom then has their own waterfall.
// The other families' best models, kept for comparison on the page: every customer when their explainer is exact
// and cheap (linear, tree) and the data small; a stated, even sample otherwise. The chosen model's own family reuses
// the chosen model's explanations (same model, same explainer: the same values).

import type { Customer } from "../schema.js";
import type { ModelArtifact } from "../models/scoring.js";
import { familyOf } from "../models/families.js";
import { evenSample } from "../stats/even-sample.js";
import { buildShapArtifact, combineShapArtifacts, shapArtifactFrom, type ExplainedSample, type ShapArtifact } from "./artifact.js";
import type { WeightedBackground } from "./background.js";
import { explainWith, makeExplainer } from "./explainer.js";
import type { ExplainOptions, ExplanationSet } from "./types.js";

/** Customers explained per family for the comparison when the explainer is sampled (knn, svc). */
export const COMPARISON_SAMPLE_SIZE = 300;
/** Exact explainers (linear, tree) explain every customer up to this many; an even sample of this many beyond. */
export const COMPARISON_EXACT_LIMIT = 5_000;

/**
 * The chosen model's SHAP covers every customer while that fits a budget of SHAP_BUDGET_MS CPU-milliseconds
 * (explainLimitsFor: the model's estimated cost per customer); beyond, an even sample of EXPLAIN_EVEN_SAMPLE
 * customers plus the default segment, the segment capped to what the budget leaves (an even sample of it beyond
 * that). 140 CPU-seconds are ≈ 70 s on two idle threads. Cost per customer, measured on one core of the build machine
 * (64 walks, 16 players): KNN ≈ 0.3 ms + 4.3 µs per training row (972 rows: 4.5 ms; 2244: 9.9 ms), RBF SVC ≈ 0.85 ms
 * + 1.5 µs per support vector (407: 1.5 ms; 1035: 2.4 ms), TreeSHAP ≈ 0.05 ms + 0.1 µs per background row.
 * So at 1 000 000 customers with a model fitted on ~2000 rows: KNN ≈ 15 000, SVC ≈ 60 000 explained customers.
 */
export const SHAP_BUDGET_MS = 140_000;
export const EXPLAIN_EVEN_SAMPLE = 5_000;

/** Estimated CPU-milliseconds to explain one customer with the default explainer of `model` (see SHAP_BUDGET_MS). */
export function explainCostMs(model: ModelArtifact): number {
  return familyOf(model).explainCostMs(model.estimator);
}

/** How many customers the budget allows for `model` (at least twice the even sample). */
export function explainLimitsFor(model: ModelArtifact, budgetMs = SHAP_BUDGET_MS): ExplainLimits {
  const capacity = Math.max(2 * EXPLAIN_EVEN_SAMPLE, Math.floor(budgetMs / explainCostMs(model)));
  return { all: capacity, even: EXPLAIN_EVEN_SAMPLE, segmentCap: capacity - EXPLAIN_EVEN_SAMPLE };
}

const isExact = (m: ModelArtifact) => familyOf(m).explainer !== "permutation";

export interface ExplainedSelection<T> {
  /** The customers to explain, in the input order. */
  customers: T[];
  /** null when every customer is explained. */
  sample: ExplainedSample | null;
}

export interface ExplainLimits {
  /** Everyone is explained up to this many customers. */
  all: number;
  /** Beyond: an even sample of this many customers… */
  even: number;
  /** …plus the default segment, at most this many of it. */
  segmentCap: number;
}

/** The default segment's thresholds (segments/segments.ts SegmentDefaults), stated with the sample. */
export interface SegmentThresholds {
  probability: number;
  profit: number;
}

/**
 * Which customers the chosen model's SHAP covers (pure; limits normally explainLimitsFor(model), see SHAP_BUDGET_MS).
 * `inSegment[i]` says whether customers[i] is in the default segment (segments.ts inDefaultSegment: p ≥
 * defaults.probability and profit ≥ defaults.profit). The artifact gets the counts and thresholds (the page words the
 * rule); the even sample's ids are listed so that global importance can be computed over it alone.
 */
export function chooseExplained<T extends Customer>(
  customers: readonly T[],
  inSegment: ArrayLike<boolean>,
  defaults: SegmentThresholds,
  limits: ExplainLimits,
): ExplainedSelection<T> {
  if (inSegment.length !== customers.length) throw new Error(`${customers.length} customers, ${inSegment.length} segment memberships`);
  const n = customers.length;
  if (n <= limits.all) return { customers: [...customers], sample: null };
  const segment = customers.filter((_, i) => inSegment[i]);
  const even = evenSample(customers, limits.even);
  const segmentTaken = evenSample(segment, limits.segmentCap);
  const chosen = new Set<number>();
  for (const c of even) chosen.add(c.id);
  for (const c of segmentTaken) chosen.add(c.id);
  const explained = customers.filter((c) => chosen.has(c.id));
  return {
    customers: explained,
    sample: {
      size: explained.length,
      of: n,
      even: even.length,
      segment: { size: segment.length, taken: segmentTaken.length, probability: defaults.probability, profit: defaults.profit },
      representative_ids: even.map((c) => c.id).sort((a, b) => a - b),
    },
  };
}

export interface ChosenOptions extends ExplainOptions {
  /** The customers to explain and why only they (chooseExplained); default: all of them. */
  selection?: ExplainedSelection<Customer>;
}

export function explainChosen(model: ModelArtifact, customers: readonly Customer[], training: readonly Customer[] | WeightedBackground, options: ChosenOptions = {}): ShapArtifact {
  const selection = options.selection ?? { customers: [...customers], sample: null };
  const artifact = buildShapArtifact(model, selection.customers, training, options);
  return { ...artifact, sample: selection.sample };
}

export interface FamilyComparison {
  /** The customers explained, and why only they. */
  sample: ExplainedSample | null;
  artifact: ShapArtifact;
}

/** The customers a family's comparison explains (see the file header). */
export function familySelection<T extends Customer>(model: ModelArtifact, customers: readonly T[]): ExplainedSelection<T> {
  const size = isExact(model) ? COMPARISON_EXACT_LIMIT : COMPARISON_SAMPLE_SIZE;
  const explained = evenSample(customers, size);
  return {
    customers: explained,
    sample: explained.length === customers.length ? null : { size: explained.length, of: customers.length },
  };
}

/** The same model with the same estimator and preprocessing (so its explanations are the same). */
export function sameModel(a: ModelArtifact, b: ModelArtifact): boolean {
  return a === b || (a.family === b.family && JSON.stringify(a.estimator) === JSON.stringify(b.estimator) && JSON.stringify(a.preprocessor) === JSON.stringify(b.preprocessor));
}

/** The rows of `artifact` for the given customers (all of them must be in it), in their order. */
export function restrictArtifact(artifact: ShapArtifact, customers: readonly Customer[]): ShapArtifact | null {
  const row = new Map(artifact.ids.map((id, i) => [id, i]));
  const rows: number[] = [];
  for (const c of customers) {
    const i = row.get(c.id);
    if (i === undefined) return null;
    rows.push(i);
  }
  return {
    ...artifact,
    ids: rows.map((i) => artifact.ids[i]),
    base_values: rows.map((i) => artifact.base_values[i]),
    values: rows.map((i) => artifact.values[i]),
    feature_values: rows.map((i) => artifact.feature_values[i]),
    sample: null,
  };
}

export interface FamilyOptions extends ExplainOptions {
  /** The chosen model and its artifact: the family it belongs to reuses its rows instead of explaining again. */
  chosen?: { model: ModelArtifact; artifact: ShapArtifact };
}

export function explainFamilies(models: readonly ModelArtifact[], customers: readonly Customer[], training: readonly Customer[], options: FamilyOptions = {}): FamilyComparison[] {
  return models.map((m) => {
    const { customers: explained, sample } = familySelection(m, customers);
    const reused = options.chosen && sameModel(m, options.chosen.model) ? restrictArtifact(options.chosen.artifact, explained) : null;
    return { sample, artifact: reused ?? buildShapArtifact(m, explained, training, options) };
  });
}

/**
 * The models that never saw each customer (cross-fitting): models[0] is the chosen (final) model, models[k + 1] fold
 * model k; trainings[m] is model m's training set (its explainer's background); modelOf(id) names a customer's model.
 */
export interface HonestExplainers {
  models: readonly ModelArtifact[];
  trainings: readonly (readonly Customer[])[];
  modelOf: (id: number) => number;
}

/** Everything the report explains: the chosen model (for `selection`) and the families' best models. */
export interface ReportInput {
  model: ModelArtifact;
  customers: readonly Customer[];
  training: readonly Customer[];
  /** Explain each chosen-model customer with the model that never saw them (default: the chosen model for all). */
  honest?: HonestExplainers;
  /** Best model of each family (the chosen model among them is not explained twice). */
  families: readonly ModelArtifact[];
  /** Default: every customer (see chooseExplained for large data). */
  selection?: ExplainedSelection<Customer>;
}

export interface ReportShap {
  shap: ShapArtifact;
  families: FamilyComparison[];
}

/** One explanation job: a model, its training set, the customers to explain. */
export interface ShapJob {
  model: ModelArtifact;
  training: readonly Customer[];
  customers: readonly Customer[];
}

/**
 * The jobs of a report: the chosen model's (one per honest model: final, then each fold model, each explaining the
 * selected customers it never saw), then each family that does not reuse them, and how to assemble the artifacts.
 */
export function reportJobs(input: ReportInput): { jobs: ShapJob[]; assemble: (sets: ExplanationSet[]) => ReportShap } {
  const selection = input.selection ?? { customers: [...input.customers], sample: null };
  const honest: HonestExplainers = input.honest ?? { models: [input.model], trainings: [input.training], modelOf: () => 0 };
  if (honest.models[0] !== input.model) throw new Error("the first honest model must be the chosen model");
  const byModel = honest.models.map(() => [] as Customer[]);
  for (const c of selection.customers) {
    const m = honest.modelOf(c.id);
    if (!(m >= 0 && m < byModel.length)) throw new Error(`customer ${c.id} has no honest model`);
    byModel[m].push(c);
  }
  const jobs: ShapJob[] = honest.models.map((model, m) => ({ model, training: honest.trainings[m], customers: byModel[m] }));
  const chosenJobs = jobs.length;
  const plan = input.families.map((m) => {
    const own = familySelection(m, input.customers);
    const reuse = sameModel(m, input.model) && own.customers.every((c) => selectionHas(selection, c.id));
    if (!reuse) jobs.push({ model: m, training: input.training, customers: own.customers });
    return { model: m, own, job: reuse ? -1 : jobs.length - 1 };
  });
  const assemble = (sets: ExplanationSet[]): ReportShap => {
    const parts = honest.models.map((model, m) => shapArtifactFrom(model, byModel[m], sets[m], { background_of: honest.trainings[m].length }));
    const combined = chosenJobs === 1 ? parts[0] : combineShapArtifacts(parts, selection.customers.map((c) => c.id));
    const shap = { ...combined, explainer: { ...combined.explainer, background_of: input.training.length }, sample: selection.sample };
    const families = plan.map(({ model, own, job }) => ({
      sample: own.sample,
      artifact: job < 0 ? restrictArtifact(shap, own.customers)! : shapArtifactFrom(model, own.customers, sets[job], { background_of: input.training.length }),
    }));
    return { shap, families };
  };
  return { jobs, assemble };
}

const selectionIds = new WeakMap<object, Set<number>>();
function selectionHas(selection: ExplainedSelection<Customer>, id: number): boolean {
  let ids = selectionIds.get(selection);
  if (!ids) selectionIds.set(selection, (ids = new Set(selection.customers.map((c) => c.id))));
  return ids.has(id);
}

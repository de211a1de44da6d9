// The whole analysis as pure stages: the exports in, JSON-ready artifacts out.
// The CLI (`npm run analyze`) and the Framework data loaders go through src/io/analyze-folder.ts, which runs
// these stages with the model search, SHAP and offers on two threads; runAnalysis runs them on one, and
// tests/unit/pipeline.test.ts checks that both give byte-identical artifacts.

import { cleanExports } from "./clean/clean.js";
import { assertEnoughCustomers } from "./clean/minimum.js";
import type { Ledger } from "./clean/ledger.js";
import type { DecodedText } from "./ingest/decode.js";
import type { ExportName } from "./ingest/exports.js";
import { POSITIVE_CLASS, TARGET, type Customer } from "./schema.js";
import { computeEda, type EdaArtifact } from "./stats/eda.js";
import { computeCorrelation, type CorrelationArtifact } from "./stats/correlation.js";
import { runModelling, type ModellingResult } from "./models/run.js";
import type { ModelArtifact } from "./models/scoring.js";
import { chooseExplained, explainLimitsFor, explainReport, type FamilyComparison, type ReportInput, type ReportShap } from "./explain/report.js";
import type { ShapArtifact } from "./explain/artifact.js";
import { summarizeShap, type ShapSummary } from "./explain/summary.js";
import type { WeightedBackground } from "./explain/background.js";
import { explainerBackground } from "./explain/explainer.js";
import { offerContext } from "./segments/offer-context.js";
import { fallbackOffer, groupPositions, offersAt, rankOffersBatch, scatterOfferTables, type OfferContext, type OfferRow, type OfferTable, type RankedOffer } from "./segments/offers.js";

export type { OfferRow };
import { inDefaultSegment, segmentDefaults, segmentOf, type SegmentDefaults } from "./segments/segments.js";
import { calibrate, type Calibrator } from "./models/calibration.js";
import { honestIndexOf, honestModelList, type HonestModels } from "./models/honest.js";
import { buildCustomerTable, type CustomerTable } from "./segments/customer-table.js";
import { profileSegment, type SegmentProfile } from "./segments/segment-profile.js";
import { campaignArtifact, type CampaignArtifact } from "./campaign/stage.js";
import { TARGET_SEGMENT } from "./segments/segment-profile.js";
import { customersPreview, familiesForPage, ledgerForPage, shapForPage, type CustomersPreview, type FamilyImportance, type PageLedger, type ShapPage } from "./pages/page-data.js";

export interface AnalysisInput {
  readonly texts: Readonly<Record<ExportName, DecodedText>>;
  /** campaign.csv's bytes, when a campaign is to be measured on these exports. */
  readonly campaign?: Uint8Array;
}

export interface DescriptiveArtifacts {
  ledger: Ledger;
  /** What the pages load of the ledger: every count, a few example rows per correction. */
  ledger_page: PageLedger;
  customers: Customer[];
  /** What the data page loads instead of every customer. */
  customers_preview: CustomersPreview;
  eda: EdaArtifact;
  correlation: CorrelationArtifact;
}


export interface ModelArtifacts {
  split: ModellingResult["split"];
  leaderboard: ModellingResult["leaderboard"];
  metrics: ModellingResult["metrics"];
  model: ModelArtifact;
  /** The fold models, training customers' folds and calibrators: with `model`, the model that never saw each customer. */
  honest_models: HonestModels;
  models: ModellingResult["models"];
  predictions: ModellingResult["predictions"];
  shap: ShapArtifact;
  shap_summary: ShapSummary;
  /** What the importance page loads: SHAP of an even sample of the explained customers, with their rows and scores. */
  shap_page: ShapPage;
  shap_families: FamilyComparison[];
  /** What the importance page loads of the family comparison: mean |SHAP| per feature and family. */
  shap_families_page: FamilyImportance[];
  /**
   * The background each honest model's explainer uses ([chosen, fold 0, …], as honestModelList), so the browser's
   * what-if explains exactly as the build.
   */
  shap_background: (Customer[] | WeightedBackground)[];
  /** Every customer's raw score from the model that never saw them, full precision: what the browser must reproduce. */
  model_scores: { ids: number[]; p: number[] };
  segments: SegmentDefaults;
  segment_profile: SegmentProfile;
  offers: OfferRow[];
  /** Test customers' labels (1 = «Снизилась»), calibrated probabilities and raw scores: what the threshold slider recounts. */
  test_scores: { ids: number[]; y: number[]; p: number[]; score: number[] };
}

/** Artifact name → JSON-ready value. Names are the files `npm run analyze` writes (without .json). */
export type Artifacts = DescriptiveArtifacts & ModelArtifacts & { campaign: CampaignArtifact | null };

/** campaign.json: the campaign of campaign.csv measured on these exports, or null without one. */
export function measureCampaignStage(campaign: Uint8Array | undefined, descriptive: DescriptiveArtifacts, modelling: ModellingResult, plan: ModelDependentPlan, offers: readonly OfferRow[]): CampaignArtifact | null {
  if (!campaign) return null;
  const segment = offers.filter((o) => o.segment === TARGET_SEGMENT).map((o) => ({ id: o.id, p: o.p, profit: o.profit }));
  return campaignArtifact({ bytes: campaign, customers: descriptive.customers, ledger: descriptive.ledger, expectation: { models: plan.honestModels, calibrators: plan.honestCalibrators, modelIndex: plan.modelIndex, context: plan.context, scores: plan.scores }, segment });
}

export function runDescriptiveStages(input: AnalysisInput): DescriptiveArtifacts {
  const { customers, ledger } = cleanExports(input.texts);
  assertEnoughCustomers(customers); // tiny or one-class data: one sentence with the counts, before any stage fails on it
  return { ledger, ledger_page: ledgerForPage(ledger), customers, customers_preview: customersPreview(customers), eda: computeEda(customers), correlation: computeCorrelation(customers) };
}

/**
 * What the two heavy model-dependent steps (SHAP, offers) need, decided once, so that the single-threaded
 * pipeline and the two-thread runner (io/analyze-folder.ts) compute exactly the same thing.
 */
export interface ModelDependentPlan {
  /** The chosen model's training rows (the background its explainer summarises). */
  training: Customer[];
  /** The raw score of customers[i] from the model that never saw them: what SHAP explains and the browser reproduces. */
  scores: Float64Array;
  /** The calibrated probability of customers[i] (rounded as in the predictions): what segments and money use. */
  honest: Float64Array;
  /** [chosen model, fold model 0, …] (honestModelList), each model's training rows and calibrator. */
  honestModels: ModelArtifact[];
  honestTrainings: Customer[][];
  honestCalibrators: Calibrator[];
  /** Index into honestModels of customers[i]. */
  modelIndex: Int32Array;
  defaults: SegmentDefaults;
  context: OfferContext;
  /** The chosen model's SHAP (for the customers chooseExplained picks) and the families' comparison. */
  report: ReportInput;
}

export function planModelDependentStages(customers: readonly Customer[], modelling: ModellingResult): ModelDependentPlan {
  const trainIds = new Set(modelling.split.train);
  const training = customers.filter((c) => trainIds.has(c.id));
  const predictionOf = new Map(modelling.predictions.map((p) => [p.id, p.p]));
  const honest = Float64Array.from(customers, (c) => {
    const p = predictionOf.get(c.id);
    if (p === undefined) throw new Error(`customer ${c.id} has no prediction`);
    return p;
  });
  const defaults = segmentDefaults(customers);
  const model = modelling.model;
  const families = Object.values(modelling.models).filter((m): m is ModelArtifact => m !== undefined);
  const selection = chooseExplained(customers, honest, defaults, explainLimitsFor(model));
  const indexOf = honestIndexOf(modelling.honest);
  const honestModels = honestModelList(model, modelling.honest);
  // Fold model k was trained on the training customers outside fold k.
  const honestTrainings = honestModels.map((_, m) => (m === 0 ? training : training.filter((c) => indexOf(c.id) !== m)));
  const { calibration } = modelling.honest;
  return {
    training,
    scores: inCustomerOrder(customers, modelling.model_scores),
    honest,
    honestModels,
    honestTrainings,
    honestCalibrators: [calibration.final, ...calibration.folds],
    modelIndex: Int32Array.from(customers, (c) => indexOf(c.id)),
    defaults,
    context: offerContext(customers),
    report: { model, customers, training, families, selection, honest: { models: honestModels, trainings: honestTrainings, modelOf: indexOf } },
  };
}

/** The chosen model's scores (sorted by id in the modelling result) in the order of `customers`. */
function inCustomerOrder(customers: readonly Customer[], scores: { ids: readonly number[]; p: readonly number[] }): Float64Array {
  const at = new Map(scores.ids.map((id, i) => [id, i]));
  return Float64Array.from(customers, (c) => {
    const i = at.get(c.id);
    if (i === undefined) throw new Error(`customer ${c.id} has no model score`);
    return scores.p[i];
  });
}

/** One group of customers scored by one honest model: what an offers ranker (one thread or two) is given. */
export interface OfferGroup {
  customers: Customer[];
  /** Calibrated probabilities at full precision (the calibrator applied to the raw scores). */
  probabilities: Float64Array;
  model: ModelArtifact;
  calibrator: Calibrator;
}

/** The offers job split by honest model: each customer's offers are scored by the model that never saw them. */
export function offerGroups(customers: readonly Customer[], plan: ModelDependentPlan): { groups: number[][]; jobs: OfferGroup[] } {
  const groups = groupPositions(customers.length, (i) => plan.modelIndex[i], plan.honestModels.length);
  const jobs = groups.map((g, m) => ({
    customers: g.map((i) => customers[i]),
    probabilities: Float64Array.from(g, (i) => calibrate(plan.honestCalibrators[m], plan.scores[i])),
    model: plan.honestModels[m],
    calibrator: plan.honestCalibrators[m],
  }));
  return { groups, jobs };
}

/** The results of the heavy steps, however they were computed (one thread here, two in runner-node). */
export interface HeavyResults {
  report: ReportShap;
  offers: OfferTable;
}

/** Every customer's offers on one thread, each scored by their honest model. */
export function rankAllOffers(customers: readonly Customer[], plan: ModelDependentPlan): OfferTable {
  const { groups, jobs } = offerGroups(customers, plan);
  const tables = jobs.map((j) => rankOffersBatch(j.customers, j.probabilities, j.model, j.calibrator, plan.context));
  return scatterOfferTables(customers.length, groups, tables);
}

export function computeHeavyStages(customers: readonly Customer[], modelling: ModellingResult, plan: ModelDependentPlan): HeavyResults {
  return { report: explainReport(plan.report), offers: rankAllOffers(customers, plan) };
}

/** Everything that needs the fitted models: SHAP, offers, segments, and the pages' tables. */
export function finishModelDependentStages(
  customers: readonly Customer[],
  modelling: ModellingResult,
  plan: ModelDependentPlan,
  heavy: HeavyResults,
): { artifacts: ModelArtifacts; table: CustomerTable } {
  const { shap, families: shapFamilies } = heavy.report;
  const { defaults } = plan;
  const predictions = new Map(modelling.predictions.map((p) => [p.id, p]));
  const offers = new Map<number, RankedOffer[]>();
  const offerRows: OfferRow[] = customers.map((c, i) => {
    const p = plan.honest[i];
    const ruled = offersAt(heavy.offers, i, c);
    // No silent gaps: every customer the report asks to act on gets an offer, the stated fallback if no rule helps.
    const ranked = ruled.length === 0 && inDefaultSegment(p, c.Прибыль, defaults) ? [fallbackOffer()] : ruled;
    offers.set(c.id, ranked);
    return {
      id: c.id,
      p,
      profit: c.Прибыль,
      segment: segmentOf(p, c.Прибыль, defaults),
      offers: ranked.map((o) => ({ type: o.type, channel: o.channel, expected_drop: o.expected_drop, reason: o.reason })),
    };
  });
  const shapById = new Map(shap.ids.map((id, i) => [id, shap.values[i]]));
  const positionOf = new Map(customers.map((c, i) => [c.id, i]));
  const modelScores = modelling.model_scores;
  const scoreOf = new Map(modelScores.ids.map((id, i) => [id, modelScores.p[i]]));
  const table = buildCustomerTable({ customers, predictions, shap: { features: shap.features, values: shapById }, offers, defaults });
  return {
    artifacts: {
      split: modelling.split,
      leaderboard: modelling.leaderboard,
      metrics: modelling.metrics,
      model: modelling.model,
      honest_models: modelling.honest,
      models: modelling.models,
      predictions: modelling.predictions,
      shap,
      shap_summary: summarizeShap(shap),
      shap_page: shapForPage(shap, customers, scoreOf),
      shap_families: shapFamilies,
      shap_families_page: familiesForPage(shapFamilies),
      shap_background: plan.honestModels.map((m, k) => explainerBackground(m, plan.honestTrainings[k])),
      model_scores: modelScores,
      segments: defaults,
      segment_profile: profileSegment(customers, offerRows, defaults, (id) => plan.modelIndex[positionOf.get(id)!] > 0),
      offers: offerRows,
      test_scores: testScores(customers, modelling),
    },
    table,
  };
}

/** The model-dependent stages on one thread (tests, small data). */
export function runModelDependentStages(customers: readonly Customer[], modelling: ModellingResult): { artifacts: ModelArtifacts; table: CustomerTable } {
  const plan = planModelDependentStages(customers, modelling);
  return finishModelDependentStages(customers, modelling, plan, computeHeavyStages(customers, modelling, plan));
}

function testScores(customers: readonly Customer[], modelling: ModellingResult) {
  const positive = new Map(customers.map((c) => [c.id, c[TARGET] === POSITIVE_CLASS ? 1 : 0]));
  const test = modelling.predictions.filter((p) => p.set === "test");
  return { ids: test.map((p) => p.id), y: test.map((p) => positive.get(p.id)!), p: test.map((p) => p.p), score: test.map((p) => p.score) };
}

/** The whole analysis on one thread (tests, small data). */
export function runAnalysis(input: AnalysisInput): { artifacts: Artifacts; table: CustomerTable } {
  const descriptive = runDescriptiveStages(input);
  const modelling = runModelling(descriptive.customers);
  const plan = planModelDependentStages(descriptive.customers, modelling);
  const { artifacts, table } = finishModelDependentStages(descriptive.customers, modelling, plan, computeHeavyStages(descriptive.customers, modelling, plan));
  const campaign = measureCampaignStage(input.campaign, descriptive, modelling, plan, artifacts.offers);
  return { artifacts: { ...descriptive, ...artifacts, campaign }, table };
}

// The whole analysis as one composition of pure stages: the exports in, JSON-ready artifacts out. runAnalysis is
// the only place that orders the stages; its heavy loops (model search, scoring, SHAP, offers) go through a
// ParallelMap (parallel.ts): in-process by default, on worker threads from src/node/worker-map.ts (the CLI and the
// build, via src/io/analyze-folder.ts). tests/unit/pipeline.test.ts checks that both give byte-identical artifacts.

import { cleanExports } from "./clean/clean.js";
import { assertEnoughCustomers } from "./clean/minimum.js";
import type { Ledger } from "./clean/ledger.js";
import type { DecodedText } from "./ingest/decode.js";
import type { ExportName } from "./ingest/exports.js";
import { POSITIVE_CLASS, TARGET, type Customer } from "./schema.js";
import { computeEda, type EdaArtifact } from "./stats/eda.js";
import { computeCorrelation, type CorrelationArtifact } from "./stats/correlation.js";
import { completeModelling, prepareModelling, stageModelling, type ModellingOptions, type ModellingResult } from "./models/run.js";
import { workUnits, type ConfigResult } from "./models/search.js";
import { encodeRows } from "./models/batch.js";
import type { ModelArtifact } from "./models/scoring.js";
import { chooseExplained, explainLimitsFor, reportJobs, type FamilyComparison, type ReportInput, type ReportShap } from "./explain/report.js";
import type { ShapArtifact } from "./explain/artifact.js";
import { summarizeShap, type ShapSummary } from "./explain/summary.js";
import type { WeightedBackground } from "./explain/background.js";
import { explainerBackground, joinExplanationSets } from "./explain/explainer.js";
import { offerContext } from "./segments/offer-context.js";
import { fallbackOffer, groupPositions, joinOfferTables, offersAt, scatterOfferTables, type OfferContext, type OfferGroup, type OfferRow, type OfferTable, type RankedOffer } from "./segments/offers.js";

export type { OfferRow };
import { inDefaultSegment, segmentOf, type SegmentDefaults } from "./segments/segments.js";
import { calibrate, type Calibrator } from "./models/calibration.js";
import { honestIndexOf, honestModelList, type HonestModels } from "./models/honest.js";
import { buildCustomerTable, type CustomerTable } from "./segments/customer-table.js";
import { profileSegment, segmentDefaults, type SegmentProfile } from "./segments/segment-profile.js";
import { campaignArtifact, type CampaignArtifact } from "./campaign/stage.js";
import { TARGET_SEGMENT } from "./segments/segment-profile.js";
import { inProcessMap, type ParallelMap } from "./parallel.js";
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

/** Times one stage (bench/stages.ts); the analysis itself runs untimed. */
export type StageTimer = <T>(stage: string, run: () => T | Promise<T>) => Promise<T>;
const untimed: StageTimer = async (_stage, run) => run();

export async function runDescriptiveStages(input: AnalysisInput, time: StageTimer = untimed): Promise<DescriptiveArtifacts> {
  const { customers, ledger } = await time("ingest + clean + merge", () => {
    const cleaned = cleanExports(input.texts);
    assertEnoughCustomers(cleaned.customers); // tiny or one-class data: one sentence with the counts, before any stage fails on it
    return cleaned;
  });
  const eda = await time("exploration (eda)", () => computeEda(customers));
  const correlation = await time("correlation (phi_K + Spearman + VIF)", () => computeCorrelation(customers));
  return { ledger, ledger_page: ledgerForPage(ledger), customers, customers_preview: customersPreview(customers), eda, correlation };
}

/** Customers per scoring task. */
const SCORE_BLOCK = 2048;

/**
 * The modelling stage: split (and model sample), the grid's cross-validation (in work units, through `map`),
 * refits, calibration and test metrics, then every customer scored by the chosen model (in blocks, through `map`).
 */
export async function runModelling(customers: readonly Customer[], options: ModellingOptions = {}, map: ParallelMap = inProcessMap, time: StageTimer = untimed): Promise<ModellingResult> {
  const prep = await time("split (and model sample)", () => prepareModelling(customers, options));
  const { grid } = prep.options;
  const units = workUnits(grid);
  const unitResults = await time("model search (cross-validation of the grid)", () => map("cv", { cv: prep.cv, grid }, units));
  const results = new Array<ConfigResult>(grid.length);
  units.forEach((unit, u) => unit.forEach((i, k) => (results[i] = unitResults[u][k])));
  const staged = await time("refit, test metrics, bootstrap, calibration", () => stageModelling(prep, results));
  const scores = await time("scoring every customer", () => scoreEveryone(staged.result.model, prep.all, map));
  return completeModelling(prep, staged, scores);
}

/** The model's P(«Снизилась») of every customer (batch.ts: makeScorer's numbers), in blocks of rows. */
export async function scoreEveryone(model: ModelArtifact, customers: readonly Customer[], map: ParallelMap = inProcessMap): Promise<Float64Array> {
  const raw = encodeRows(model.preprocessor, customers);
  const blocks: [number, number][] = [];
  for (let from = 0; from < customers.length; from += SCORE_BLOCK) blocks.push([from, Math.min(customers.length, from + SCORE_BLOCK)]);
  const scores = new Float64Array(customers.length);
  (await map("score", { model, raw }, blocks)).forEach((block, b) => scores.set(block, blocks[b][0]));
  return scores;
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
  const inSegment = customers.map((c, i) => inDefaultSegment(honest[i], c.Прибыль, defaults));
  const selection = chooseExplained(customers, inSegment, defaults, explainLimitsFor(model));
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

/** Customers per offers task: large enough that building the task's batch scorer costs nothing. */
const OFFERS_CHUNK = 2000;

/** Every customer's offers, each scored by their honest model, in chunks through `map`. */
export async function rankAllOffers(customers: readonly Customer[], plan: ModelDependentPlan, map: ParallelMap = inProcessMap): Promise<OfferTable> {
  const { groups, jobs } = offerGroups(customers, plan);
  const tasks: [number, number, number][] = [];
  jobs.forEach((j, g) => {
    for (let from = 0; from < j.customers.length || from === 0; from += OFFERS_CHUNK) tasks.push([g, from, Math.min(j.customers.length, from + OFFERS_CHUNK)]);
  });
  const parts = await map("offers", { groups: jobs, offers: plan.context }, tasks);
  const tables = jobs.map((_, g) => joinOfferTables(parts.filter((_, t) => tasks[t][0] === g)));
  return scatterOfferTables(customers.length, groups, tables);
}

/** Customers per SHAP task: small enough to balance the threads, large enough that claiming costs nothing. */
function shapChunk(n: number): number {
  return Math.max(1, Math.min(16, Math.ceil(n / 256)));
}

/** The chosen model's SHAP (each customer by their honest model) and the families' comparison, in chunks through `map`. */
export async function explainStage(input: ReportInput, map: ParallelMap = inProcessMap): Promise<ReportShap> {
  const { jobs, assemble } = reportJobs(input);
  const tasks: [number, number, number][] = [];
  jobs.forEach((j, job) => {
    const n = j.customers.length;
    const size = shapChunk(n);
    // A job without customers still gets one (empty) task: it reports the explainer's settings.
    for (let from = 0; from < n || from === 0; from += size) tasks.push([job, from, Math.min(n, from + size)]);
  });
  const parts = await map("shap", { jobs }, tasks);
  return assemble(jobs.map((_, job) => joinExplanationSets(parts.filter((_, t) => tasks[t][0] === job))));
}

/** The results of the heavy steps (SHAP, offers), however many threads computed them. */
export interface HeavyResults {
  report: ReportShap;
  offers: OfferTable;
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
    const ruled = offersAt(heavy.offers, i);
    // No silent gaps: every customer the report asks to act on gets an offer, the stated fallback if no rule helps.
    const ranked = ruled.length === 0 && inDefaultSegment(p, c.Прибыль, defaults) ? [fallbackOffer()] : ruled;
    offers.set(c.id, ranked);
    return {
      id: c.id,
      p,
      profit: c.Прибыль,
      segment: segmentOf(p, c.Прибыль, defaults),
      offers: ranked.map((o) => ({ type: o.type, channel: o.channel, expected_drop: o.expected_drop })),
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

function testScores(customers: readonly Customer[], modelling: ModellingResult) {
  const positive = new Map(customers.map((c) => [c.id, c[TARGET] === POSITIVE_CLASS ? 1 : 0]));
  const test = modelling.predictions.filter((p) => p.set === "test");
  return { ids: test.map((p) => p.id), y: test.map((p) => positive.get(p.id)!), p: test.map((p) => p.p), score: test.map((p) => p.score) };
}

export interface AnalysisOptions {
  /** Where the heavy loops run: this thread (default) or worker threads (src/node/worker-map.ts). */
  map?: ParallelMap;
  time?: StageTimer;
}

/** The whole analysis: the one order of the stages. */
export async function runAnalysis(input: AnalysisInput, { map = inProcessMap, time = untimed }: AnalysisOptions = {}): Promise<{ artifacts: Artifacts; table: CustomerTable }> {
  const descriptive = await runDescriptiveStages(input, time);
  const { customers } = descriptive;
  const modelling = await runModelling(customers, {}, map, time);
  const plan = await time("scores, segment defaults, which customers SHAP explains", () => planModelDependentStages(customers, modelling));
  const report = await time("SHAP, chosen model and family comparison", () => explainStage(plan.report, map));
  const offers = await time("offers for every customer", () => rankAllOffers(customers, plan, map));
  const { artifacts, table } = await time("segments, offer rows, page tables, customer table", () => finishModelDependentStages(customers, modelling, plan, { report, offers }));
  const campaign = await time("campaign measurement", () => measureCampaignStage(input.campaign, descriptive, modelling, plan, artifacts.offers));
  return { artifacts: { ...descriptive, ...artifacts, campaign }, table };
}

// Which customers the report explains, reuse of the chosen model's rows, and the two-thread runner.

import { test } from "node:test";
import assert from "node:assert/strict";
import { transformCustomer, type ModelArtifact } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES, type Customer } from "../../../src/analysis/schema.js";
import { buildShapArtifact } from "../../../src/analysis/explain/artifact.js";
import { chooseExplained, explainCostMs, explainLimitsFor, EXPLAIN_EVEN_SAMPLE, SHAP_BUDGET_MS, explainChosen, explainFamilies, familySelection, restrictArtifact, COMPARISON_SAMPLE_SIZE } from "../../../src/analysis/explain/report.js";
import { explainStage } from "../../../src/analysis/pipeline.js";
import { evenSample } from "../../../src/analysis/stats/even-sample.js";
import { inDefaultSegment } from "../../../src/analysis/segments/segments.js";
import { inProcessMap } from "../../../src/analysis/parallel.js";
import { joinExplanationSets } from "../../../src/analysis/explain/explainer.js";
import { withWorkerMap } from "../../../src/node/worker-map.js";
import { summarizeShap } from "../../../src/analysis/explain/summary.js";
import { explainAll } from "../../../src/analysis/explain/explainer.js";
import { artifact, customers, encodedRows, labelOf, preprocessor, rand, randomTree } from "./helpers.js";

const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
const train = customers(90, 501);
const knnModel = artifact("knn", full, { n_neighbors: 5, weights: "distance", metric: "euclidean", raw_X: encodedRows(full, train), y: train.map(labelOf) });
const svcModel = artifact("svc", full, { kernel: "rbf", gamma: 0.05, degree: 3, coef0: 0, raw_support_vectors: encodedRows(full, train.slice(0, 4)), dual_coef: [1, -1, 0.5, -0.7], rho: 0.1, sign: 1, prob_a: -2, prob_b: 0.1 });
const treeModel = artifact("decision_tree", full, randomTree(rand(502), train.map((c) => transformCustomer(full, c)), full.feature_names.length, 5));
const lrModel = artifact("logistic_regression", full, { coef: full.feature_names.map((_, j) => Math.cos(j)), intercept: 0.1 });

/** Default-segment membership of each customer at probabilities `p`. */
const segmentOf = (cs: readonly Customer[], p: ArrayLike<number>, defaults: { probability: number; profit: number }) => cs.map((c, i) => inDefaultSegment(p[i], c.Прибыль, defaults));

test("chooseExplained: everyone up to the limit; beyond it an even sample plus the default segment, capped, with the counts", () => {
  const cs = customers(40, 503, false, 100);
  const p = cs.map((_, i) => (i % 3 === 0 ? 0.8 : 0.2));
  const defaults = { probability: 0.6, profit: 4 };
  const all = chooseExplained(cs, segmentOf(cs, p, defaults), defaults, { all: 40, even: 5, segmentCap: 100 });
  assert.equal(all.sample, null);
  assert.deepEqual(all.customers, cs);

  const segment = cs.filter((c, i) => p[i] >= 0.6 && c.Прибыль >= 4);
  assert.ok(segment.length >= 3, "the test data has a segment");
  const sel = chooseExplained(cs, segmentOf(cs, p, defaults), defaults, { all: 10, even: 5, segmentCap: 100 });
  const even = evenSample(cs, 5);
  const want = new Set([...even, ...segment].map((c) => c.id));
  assert.deepEqual(sel.customers.map((c) => c.id), cs.filter((c) => want.has(c.id)).map((c) => c.id), "the union, in the input order");
  assert.equal(sel.sample!.size, want.size);
  assert.equal(sel.sample!.of, 40);
  assert.deepEqual(sel.sample!.representative_ids, even.map((c) => c.id).sort((a, b) => a - b));
  assert.deepEqual({ even: sel.sample!.even, segment: sel.sample!.segment }, { even: 5, segment: { size: segment.length, taken: segment.length, probability: 0.6, profit: 4 } });

  const capped = chooseExplained(cs, segmentOf(cs, p, defaults), defaults, { all: 10, even: 5, segmentCap: 2 });
  const inSegment = capped.customers.filter((c) => segment.includes(c) && !even.includes(c));
  assert.ok(inSegment.length <= 2);
  assert.equal(capped.sample!.segment!.taken, 2);
  assert.equal(capped.sample!.segment!.size, segment.length);
  assert.throws(() => chooseExplained(cs, segmentOf(cs, p, defaults).slice(1), defaults, { all: 10, even: 5, segmentCap: 2 }), /segment memberships/);
});

test("the budget: dearer models explain fewer customers; at a million customers the counts are stated", () => {
  const knnOf = (rows: number) => ({ ...knnModel, estimator: { ...knnModel.estimator, raw_X: [], y: new Array<number>(rows).fill(0) } }) as ModelArtifact;
  const small = explainLimitsFor(knnOf(972));
  const large = explainLimitsFor(knnOf(2244));
  assert.ok(small.all > large.all, `${small.all} > ${large.all}`);
  assert.ok(large.all >= 2 * EXPLAIN_EVEN_SAMPLE, `${large.all}`);
  assert.equal(large.segmentCap, large.all - EXPLAIN_EVEN_SAMPLE);
  assert.ok(explainCostMs(knnOf(2244)) * large.all <= SHAP_BUDGET_MS);
  assert.ok(explainLimitsFor(lrModel).all > 1_000_000, "a linear model explains everyone");
  const svcOf = (svs: number) => ({ ...svcModel, estimator: { ...svcModel.estimator, dual_coef: new Array<number>(svs).fill(1) } }) as ModelArtifact;
  assert.ok(explainLimitsFor(svcOf(1035)).all > 3 * large.all, "an SVC step is cheaper than a KNN step");

  const base = customers(1, 504)[0];
  const cs = Array.from({ length: 1_000_000 }, (_, i) => ({ ...base, id: i + 1 }) as Customer);
  const p = new Float64Array(cs.length).map((_, i) => (i % 10 === 0 ? 0.9 : 0.1));
  const sel = chooseExplained(cs, segmentOf(cs, p, { probability: 0.6, profit: 0 }), { probability: 0.6, profit: 0 }, { all: 20_000, even: 5_000, segmentCap: 12_000 });
  assert.equal(sel.sample!.of, 1_000_000);
  assert.ok(sel.customers.length <= 17_000 && sel.customers.length >= 12_000);
  assert.equal(sel.sample!.even, 5_000);
  assert.deepEqual(sel.sample!.segment, { size: 100_000, taken: 12_000, probability: 0.6, profit: 0 });
});

test("the artifact of a selection states it, and global importance is summarised over the representative sample only", () => {
  const cs = customers(30, 505, false, 2000);
  const p = cs.map((_, i) => (i < 10 ? 0.9 : 0.1));
  const sel = chooseExplained(cs, segmentOf(cs, p, { probability: 0.6, profit: 0 }), { probability: 0.6, profit: 0 }, { all: 10, even: 6, segmentCap: 100 });
  const shap = explainChosen(svcModel, cs, train, { selection: sel });
  assert.deepEqual(shap.ids, sel.customers.map((c) => c.id));
  assert.deepEqual(shap.sample, sel.sample);
  const summary = summarizeShap(shap);
  const onlyEven = summarizeShap({ ...restrictArtifact(shap, sel.customers.filter((c) => sel.sample!.representative_ids!.includes(c.id)))!, sample: null });
  assert.deepEqual(summary, onlyEven);
  assert.notDeepEqual(summary, summarizeShap({ ...shap, sample: null }));
});

test("families: exact ones explain everyone, sampled ones an even sample; the chosen model's family reuses its rows", () => {
  const cs = customers(COMPARISON_SAMPLE_SIZE + 20, 506, false, 3000);
  const chosen = explainChosen(knnModel, cs, train);
  const fam = explainFamilies([lrModel, { ...knnModel }, treeModel], cs, train, { chosen: { model: knnModel, artifact: chosen } });
  assert.deepEqual(fam.map((f) => f.sample?.size ?? null), [null, COMPARISON_SAMPLE_SIZE, null]);
  const knnRows = fam[1].artifact;
  // Reused rows equal explaining the sample afresh.
  const fresh = buildShapArtifact(knnModel, familySelection(knnModel, cs).customers, train);
  assert.deepEqual(knnRows.values, fresh.values);
  assert.deepEqual(knnRows.ids, fresh.ids);
  assert.equal(fam[0].artifact.ids.length, cs.length);
});

test("the SHAP stage on two threads (and on three) gives exactly the single-threaded artifacts", async () => {
  const cs = customers(70, 507, false, 4000);
  const input = { model: svcModel, customers: cs, training: train, families: [lrModel, knnModel, treeModel, svcModel] };
  const one = await explainStage(input);
  assert.equal(one.shap.ids.length, cs.length);
  const jobs = [{ model: knnModel, training: train, customers: cs }];
  const chunks = await withWorkerMap(2, (map) => map("shap", { jobs }, [[0, 0, 0], [0, 0, 35], [0, 35, 70]]));
  assert.deepEqual(joinExplanationSets(chunks), explainAll(knnModel, cs, train));
  const two = await withWorkerMap(2, (map) => explainStage(input, map));
  assert.equal(JSON.stringify(two), JSON.stringify(one));
  const three = await withWorkerMap(3, (map) => explainStage(input, map));
  assert.equal(JSON.stringify(three), JSON.stringify(one));
});

test("a failing task rejects instead of hanging, on one thread or two", async () => {
  const broken: ModelArtifact = { ...knnModel, estimator: { ...knnModel.estimator, n_neighbors: 0 } };
  const jobs = [{ model: broken, training: train, customers: customers(3, 508) }];
  const tasks = [[0, 0, 1], [0, 1, 2], [0, 2, 3]] as const;
  await assert.rejects(inProcessMap("shap", { jobs }, tasks), /k ≥ 1/);
  await assert.rejects(withWorkerMap(2, (map) => map("shap", { jobs }, tasks)), /k ≥ 1/);
});

test("cross-fitted explanations: each customer is explained by their own honest model, one thread or two, in the selection's order", async () => {
  const cs = customers(30, 510, false, 700);
  const foldA = train.slice(0, 60);
  const foldB = train.slice(30);
  const modelA = artifact("knn", full, { n_neighbors: 5, weights: "distance", metric: "euclidean", raw_X: encodedRows(full, foldA), y: foldA.map(labelOf) });
  const modelB = artifact("knn", full, { n_neighbors: 5, weights: "distance", metric: "euclidean", raw_X: encodedRows(full, foldB), y: foldB.map(labelOf) });
  const modelOf = (id: number) => id % 3; // 0: chosen, 1: A, 2: B
  const honest = { models: [knnModel, modelA, modelB], trainings: [train, foldA, foldB], modelOf };
  const input = { model: knnModel, customers: cs, training: train, families: [] as ModelArtifact[], honest };
  const { shap } = await explainStage(input);
  assert.deepEqual(shap.ids, cs.map((c) => c.id));
  cs.forEach((c, i) => {
    const own = buildShapArtifact(honest.models[modelOf(c.id)], [c], honest.trainings[modelOf(c.id)]);
    assert.deepEqual(shap.values[i], own.values[0], `customer ${c.id}`);
    assert.equal(shap.base_values[i], own.base_value);
  });
  assert.ok(new Set(shap.base_values).size === 3, "three models, three base values");
  assert.deepEqual((await withWorkerMap(2, (map) => explainStage(input, map))).shap, shap);
  // A customer the honest models do not cover is an error, not a silent fallback to the chosen model.
  await assert.rejects(explainStage({ ...input, honest: { ...honest, modelOf: () => 7 } }), /no honest model/);
});

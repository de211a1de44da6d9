import { test } from "node:test";
import assert from "node:assert/strict";
import { transformCustomer, type ModelArtifact } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES } from "../../../src/analysis/schema.js";
import { buildShapArtifact, buildShapArtifacts, meanAbsShap } from "../../../src/analysis/explain/artifact.js";
import { playersOf } from "../../../src/analysis/explain/players.js";
import { artifact, customers, encodedRows, labelOf, preprocessor, rand, randomTree } from "./helpers.js";

const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
const train = customers(80, 1);
const xs = customers(20, 2, false, 5000);

function models(): ModelArtifact[] {
  const w = full.feature_names.map((_, j) => Math.cos(3 * j) / 2);
  return [
    artifact("svc", full, { kernel: "rbf", gamma: 0.05, degree: 3, coef0: 0, raw_support_vectors: encodedRows(full, train.slice(0, 5)), dual_coef: [1, -1, 0.5, -0.7, 0.2], rho: 0.1, sign: 1, prob_a: -2, prob_b: 0.1 }),
    artifact("decision_tree", full, randomTree(rand(3), train.map((c) => transformCustomer(full, c)), full.feature_names.length, 6)),
    artifact("logistic_regression", full, { coef: w, intercept: -0.2 }),
    artifact("knn", full, { n_neighbors: 5, weights: "uniform", metric: "euclidean", raw_X: encodedRows(full, train), y: train.map(labelOf) }),
  ];
}

test("players of the full preprocessor are the 16 original features, one-hot dummies grouped", () => {
  const p = playersOf(full);
  assert.deepEqual(p.names, [...NUMERIC_FEATURES, "Тип сервиса", "Разрешить сообщать", "Популярная_категория"]);
  assert.equal(p.columns[15].length, 5);
  assert.deepEqual(Array.from(p.columns[15]), [15, 16, 17, 18, 19]);
  assert.ok(!p.names.includes("Прибыль") && !p.names.includes("id"));
});

test("the artifact has the documented shape, raw feature values, and rounded, additive values", () => {
  const [svc] = models();
  const a = buildShapArtifact(svc, xs, train, { background_size: 20, permutations: 2 });
  assert.deepEqual(Object.keys(a), ["model", "output", "base_value", "base_values", "features", "ids", "values", "feature_values", "explainer", "sample"]);
  assert.equal(a.sample, null);
  assert.equal(a.model, "svc");
  assert.equal(a.output, "probability");
  assert.deepEqual(a.ids, xs.map((c) => c.id));
  assert.equal(a.values.length, xs.length);
  assert.ok(a.values.every((row) => row.length === 16));
  const cat = a.features.indexOf("Популярная_категория");
  assert.deepEqual(a.feature_values.map((r) => r[cat]), xs.map((c) => c.Популярная_категория));
  assert.deepEqual(a.feature_values.map((r) => r[0]), xs.map((c) => c.Маркет_актив_6_мес));
  for (const v of [a.base_value, ...a.values.flat()]) assert.equal(v, Number(v.toPrecision(10)));
  assert.deepEqual(a.explainer, { ...a.explainer, algorithm: "permutation", background_size: 20, background: "kmeans", background_of: train.length, permutations: 2 });
  assert.ok(a.explainer.max_additivity_error < 1e-8);
  assert.ok(a.explainer.standard_error! > 0 && a.explainer.standard_error! < 0.5, `standard error ${a.explainer.standard_error}`);
});

test("the artifact is byte-stable: same inputs, same JSON (input order of the background is irrelevant)", () => {
  for (const m of models()) {
    const one = JSON.stringify(buildShapArtifact(m, xs, train, { background_size: 15 }));
    const two = JSON.stringify(buildShapArtifact(m, xs, [...train].reverse(), { background_size: 15 }));
    assert.equal(one, two, m.family);
  }
});

test("several models: one artifact per family in a fixed order, same customers; duplicates refused", () => {
  const list = buildShapArtifacts(models(), xs, train, { background_size: 10 });
  assert.deepEqual(list.map((a) => a.model), ["logistic_regression", "knn", "decision_tree", "svc"]);
  assert.deepEqual(list.map((a) => a.output), ["log-odds", "probability", "probability", "probability"]);
  assert.deepEqual(list.map((a) => a.explainer.algorithm), ["linear", "permutation", "tree", "permutation"]);
  for (const a of list) assert.deepEqual(a.ids, xs.map((c) => c.id));
  const ms = models();
  assert.throws(() => buildShapArtifacts([ms[0], ms[0]], xs, train), /two models of family svc/);
});

test("meanAbsShap ranks features by mean |SHAP|", () => {
  const ranked = meanAbsShap({ features: ["a", "b", "c"], values: [[0.1, -0.5, 0], [-0.3, 0.1, 0]] });
  assert.deepEqual(ranked.map((r) => r.feature), ["b", "a", "c"]);
  assert.ok(Math.abs(ranked[0].mean_abs - 0.3) < 1e-15);
});

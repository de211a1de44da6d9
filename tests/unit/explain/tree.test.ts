import { test } from "node:test";
import assert from "node:assert/strict";
import { makeScorer, transformCustomer, type TreeEstimator } from "../../../src/analysis/models/scoring.js";
import { checkAdditivity, explainAll, makeExplainer } from "../../../src/analysis/explain/explainer.js";
import { artifact, assertClose, baseCustomer, bruteForceInterventional, customers, playerNames, preprocessor, rand, randomTree } from "./helpers.js";

// 6 players over 10 encoded columns: 4 numeric, «Тип сервиса» (ordinal), «Популярная_категория» (5 dummies).
const pre = preprocessor(["Маркет_актив_6_мес", "Длительность", "Акционные_покупки", "Выручка_текущий_месяц"], { ordinal: true, category: true });
const players = playerNames(pre);

// A hand-built tree that splits on two different dummies of the category (columns 6 and 8), the ordinal (4),
// the same numeric column twice on one path (0), and never on «Длительность» (1).
const handTree: TreeEstimator = {
  //          0    1    2     3    4    5    6    7    8    9   10   11   12
  feature: [  0,   6,   4,   -2,  8,   -2,  0,   -2,  -2,  2,  -2,  -2,  -2],
  threshold: [0.1, 0.5, 0.5, -2, 0.5, -2,  0.4, -2,  -2,  0.3, -2,  -2,  -2],
  left: [     1,   2,   3,   -1,  6,   -1,  7,   -1,  -1,  10,  -1,  -1,  -1],
  right: [    9,   4,   5,   -1,  8,   -1,  12,  -1,  -1,  11,  -1,  -1,  -1],
  value: [    0.5, 0.4, 0.3, 0.1, 0.6, 0.7, 0.2, 0.9, 0.35, 0.55, 0.15, 0.8, 0.45],
  n_samples: [100, 60, 30, 10, 30, 20, 20, 12, 10, 40, 15, 25, 8],
};

function oracle(est: TreeEstimator, x: Parameters<typeof transformCustomer>[1], background: ReturnType<typeof customers>) {
  return bruteForceInterventional(makeScorer(artifact("decision_tree", pre, est)), x, background, players);
}

test("TreeSHAP equals brute-force interventional Shapley values on a hand-built tree with a grouped one-hot feature", () => {
  const model = artifact("decision_tree", pre, handTree);
  const background = customers(15, 11);
  const xs = [...customers(12, 12, false, 5000), { ...baseCustomer(77), Популярная_категория: "Кухонная посуда" }];
  const explainer = makeExplainer(model, background);
  assert.equal(explainer.algorithm, "tree");
  assert.equal(explainer.output, "probability");
  let categoryCredited = 0;
  for (const x of xs) {
    const e = explainer.explain(x);
    const o = oracle(handTree, x, background);
    assertClose(e.values, o.phi, 1e-12, `customer ${x.id}`);
    assert.ok(Math.abs(e.base_value - o.base) < 1e-12);
    assert.equal(e.values[1], 0, "a feature the tree never splits on gets exactly zero");
    if (Math.abs(e.values[5]) > 1e-9) categoryCredited++;
  }
  assert.ok(categoryCredited > 0, "the test must exercise the grouped category player");
});

test("splits compare float32-rounded features, like sklearn and the scorer", () => {
  // x = 0.1 (double) sits above the threshold 0.1 once rounded to float32 (0.100000001…): it goes right.
  const stump: TreeEstimator = { feature: [2, -2, -2], threshold: [0.1, -2, -2], left: [1, -1, -1], right: [2, -1, -1], value: [0.5, 0.2, 0.9], n_samples: [2, 1, 1] };
  const p = preprocessor(["Маркет_актив_6_мес", "Длительность", "Акционные_покупки"], { scaler: "none" });
  const model = artifact("decision_tree", p, stump);
  const x = { ...baseCustomer(1), Акционные_покупки: 0.1 };
  const z = { ...baseCustomer(2), Акционные_покупки: 0.05 };
  const e = makeExplainer(model, [z]).explain(x);
  assert.equal(e.output_value, 0.9);
  assertClose(e.values, [0, 0, 0.9 - 0.2], 1e-15, "stump");
});

test("TreeSHAP equals brute force on random deep trees (repeated splits on every player)", () => {
  const r = rand(2024);
  const background = customers(12, 21);
  const xs = customers(6, 22, false, 6000);
  const rows = [...background, ...xs].map((c) => transformCustomer(pre, c));
  for (let t = 0; t < 8; t++) {
    const est = randomTree(r, rows, pre.feature_names.length, 7);
    const explainer = makeExplainer(artifact("decision_tree", pre, est), background);
    for (const x of xs) {
      const e = explainer.explain(x);
      assertClose(e.values, oracle(est, x, background).phi, 1e-12, `tree ${t}, customer ${x.id}`);
    }
  }
});

test("TreeSHAP agrees with the model-agnostic exact explainer on the same background", () => {
  const r = rand(7);
  const background = customers(10, 31);
  const xs = customers(5, 32, false, 8000);
  const est = randomTree(r, [...background, ...xs].map((c) => transformCustomer(pre, c)), pre.feature_names.length, 6);
  const model = artifact("decision_tree", pre, est);
  const tree = makeExplainer(model, background);
  const exact = makeExplainer(model, background, { algorithm: "exact", background_size: background.length });
  for (const x of xs) assertClose(tree.explain(x).values, exact.explain(x).values, 1e-12, `customer ${x.id}`);
});

test("additivity for every customer within 1e-12 (probability scale)", () => {
  const r = rand(99);
  const background = customers(60, 41);
  const xs = customers(50, 42, false, 9000);
  const est = randomTree(r, background.map((c) => transformCustomer(pre, c)), pre.feature_names.length, 9);
  const model = artifact("decision_tree", pre, est);
  const set = explainAll(model, xs, background);
  const report = checkAdditivity(model, xs, set);
  assert.ok(report.ok && report.max_error < 1e-12, `max error ${report.max_error}`);
});

test("a malformed tree is refused", () => {
  const bad = { ...handTree, feature: handTree.feature.map((f, i) => (i === 0 ? 99 : f)) };
  assert.throws(() => makeExplainer(artifact("decision_tree", pre, bad), customers(3, 1)), /column 99/);
});

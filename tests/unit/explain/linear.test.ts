import { test } from "node:test";
import assert from "node:assert/strict";
import { linearDecision, transformCustomer } from "../../../src/analysis/models/scoring.js";
import { explainAll, makeExplainer, checkAdditivity } from "../../../src/analysis/explain/explainer.js";
import { artifact, assertClose, bruteForceInterventional, customers, playerNames, preprocessor } from "./helpers.js";

const pre = preprocessor(["Маркет_актив_6_мес", "Длительность", "Акционные_покупки", "Выручка_текущий_месяц"], { ordinal: true, category: true });
const coef = [0.8, -0.3, 1.7, 0.05, -0.6, 0.4, -1.1, 0.9, 0.0, 2.2];
const model = artifact("logistic_regression", pre, { coef, intercept: -0.35 });

test("the test model has the intended shape: 6 players, 10 encoded columns", () => {
  assert.equal(pre.feature_names.length, coef.length);
  assert.deepEqual(playerNames(pre), ["Маркет_актив_6_мес", "Длительность", "Акционные_покупки", "Выручка_текущий_месяц", "Тип сервиса", "Популярная_категория"]);
});

test("linear SHAP equals brute-force interventional Shapley values in log-odds", () => {
  const background = customers(17, 1);
  const xs = customers(8, 2, false, 5000);
  const logit = (c: Parameters<typeof transformCustomer>[1]) => linearDecision(coef, -0.35, transformCustomer(pre, c));
  const explainer = makeExplainer(model, background);
  assert.equal(explainer.algorithm, "linear");
  assert.equal(explainer.output, "log-odds");
  assert.deepEqual(explainer.features, playerNames(pre));
  for (const x of xs) {
    const e = explainer.explain(x);
    const oracle = bruteForceInterventional(logit, x, background, playerNames(pre));
    assertClose(e.values, oracle.phi, 1e-10, `customer ${x.id}`);
    assert.ok(Math.abs(e.base_value - oracle.base) < 1e-10);
    assert.ok(Math.abs(e.output_value - logit(x)) < 1e-12);
  }
});

test("the one-hot feature is one player: its value is the sum over its dummies, not one dummy", () => {
  const background = customers(9, 3);
  const x = { ...customers(1, 4, false, 7000)[0], Популярная_категория: "Кухонная посуда" };
  const e = makeExplainer(model, background).explain(x);
  const X = transformCustomer(pre, x);
  const mean = new Float64Array(X.length);
  for (const z of background) transformCustomer(pre, z).forEach((v, c) => (mean[c] += v / background.length));
  let expected = 0;
  for (let c = 5; c < 10; c++) expected += coef[c] * (X[c] - mean[c]);
  assert.ok(Math.abs(e.values[5] - expected) < 1e-12);
  // And it is not the value of the single "hot" dummy alone.
  assert.ok(Math.abs(e.values[5] - coef[6] * (X[6] - mean[6])) > 1e-3);
});

test("additivity in log-odds for every customer, checked against the model", () => {
  const background = customers(40, 5);
  const xs = customers(30, 6, false, 9000);
  const set = explainAll(model, xs, background);
  const report = checkAdditivity(model, xs, set);
  assert.ok(report.ok && report.max_error < 1e-12, `max error ${report.max_error}`);
  // The check can fail: a nudged value is caught.
  const broken = { ...set, values: set.values.map((r, i) => (i === 3 ? r.map((v, j) => (j === 0 ? v + 1e-5 : v)) : r)) };
  const bad = checkAdditivity(model, xs, broken);
  assert.equal(bad.ok, false);
  assert.equal(bad.worst_id, xs[3].id);
});

test("background order does not matter; a zero coefficient gets zero credit", () => {
  const zeroed = artifact("logistic_regression", pre, { coef: coef.map((c, j) => (j === 1 ? 0 : c)), intercept: 0.1 });
  const background = customers(12, 7);
  const x = customers(1, 8, false, 4242)[0];
  const a = makeExplainer(zeroed, background).explain(x);
  const b = makeExplainer(zeroed, [...background].reverse()).explain(x);
  assert.deepEqual(a, b);
  assert.equal(a.values[1], 0);
});

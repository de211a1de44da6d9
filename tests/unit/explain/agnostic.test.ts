// The model-agnostic explainer (knn, svc): exact enumeration against the brute-force oracle, the sampled
// permutation estimator's guarantees, and the incremental hybrid evaluator against the scorer itself.

import { test } from "node:test";
import assert from "node:assert/strict";
import { makeScorer, transformCustomer, type KnnEstimator, type ModelArtifact, type PreprocessorParams, type SvcEstimator } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES, type Customer } from "../../../src/analysis/schema.js";
import { checkAdditivity, explainAll, explainOne, makeExplainer } from "../../../src/analysis/explain/explainer.js";
import { hybridModel } from "../../../src/analysis/explain/hybrid/index.js";
import { playersOf } from "../../../src/analysis/explain/players.js";
import { artifact, assertClose, bruteForceInterventional, customers, encodedRows, hybrid, labelOf, playerNames, preprocessor, rand } from "./helpers.js";

const small = (scaler: "standard" | "minmax" | "none") =>
  preprocessor(["Маркет_актив_6_мес", "Длительность", "Акционные_покупки", "Ошибка_сервиса"], { scaler, ordinal: true, consent: true, category: true });

function knn(pre: PreprocessorParams, train: readonly Customer[], k: number, weights: KnnEstimator["weights"], metric: KnnEstimator["metric"]): ModelArtifact {
  const est: KnnEstimator = { n_neighbors: k, weights, metric, raw_X: encodedRows(pre, train), y: train.map(labelOf) };
  return artifact("knn", pre, est);
}

function svc(pre: PreprocessorParams, svs: readonly Customer[], kernel: SvcEstimator["kernel"]): ModelArtifact {
  const est: SvcEstimator = {
    kernel, gamma: 0.3, degree: 3, coef0: 0.7,
    raw_support_vectors: encodedRows(pre, svs),
    dual_coef: [0.9, -1.3, 0.55].slice(0, svs.length), rho: -0.2, sign: -1, prob_a: -1.7, prob_b: 0.15,
  };
  return artifact("svc", pre, est);
}

function checkAgainstOracle(model: ModelArtifact, xs: readonly Customer[], background: readonly Customer[], tol: number) {
  const explainer = makeExplainer(model, background, { algorithm: "exact", background_size: background.length });
  const f = makeScorer(model);
  const players = playerNames(model.preprocessor);
  assert.deepEqual(explainer.features, players);
  for (const x of xs) {
    const e = explainer.explain(x);
    const o = bruteForceInterventional(f, x, background, players);
    assertClose(e.values, o.phi, tol, `${model.family} customer ${x.id}`);
    assert.ok(Math.abs(e.base_value - o.base) <= tol);
    assert.equal(e.output_value, f(x));
  }
}

test("exact model-agnostic SHAP equals brute force for KNN on 20 rows (both metrics, both weightings, ties and duplicates)", () => {
  for (const scaler of ["standard", "none"] as const) {
    const pre = small(scaler);
    // Coarse values: duplicate training rows and exact distance ties; the background includes training rows
    // (distance 0, the special case of weights='distance').
    const train = customers(20, 51, true);
    train[7] = { ...train[3], id: train[7].id };
    const background = [...customers(6, 52, true, 3000), train[3], train[11]];
    const xs = [...customers(5, 53, true, 5000), train[0], train[7]];
    for (const weights of ["uniform", "distance"] as const) {
      for (const metric of ["euclidean", "manhattan"] as const) {
        checkAgainstOracle(knn(pre, train, 5, weights, metric), xs, background, 1e-12);
      }
    }
  }
});

test("exact model-agnostic SHAP equals brute force for an SVC with 3 support vectors (rbf, poly, linear)", () => {
  for (const scaler of ["standard", "minmax"] as const) {
    const pre = small(scaler);
    const svs = customers(3, 61);
    for (const kernel of ["rbf", "poly", "linear"] as const) {
      checkAgainstOracle(svc(pre, svs, kernel), customers(6, 62, false, 5000), customers(7, 63), 1e-10);
    }
  }
});

test("the incremental hybrid evaluator reproduces the scorer along random walks (16 players, KNN bit for bit)", () => {
  const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
  const r = rand(5);
  const train = customers(150, 71, true);
  const models = [
    knn(full, train, 7, "uniform", "euclidean"),
    knn(full, train, 7, "distance", "manhattan"),
    knn(full, train, 200, "distance", "euclidean"), // k > n
    svc(full, customers(3, 72), "rbf"),
    svc(full, customers(3, 73), "poly"),
    svc(full, customers(3, 76), "linear"),
    artifact("logistic_regression", full, { coef: full.feature_names.map((_, j) => Math.sin(j + 1)), intercept: 0.2 }),
  ];
  const background = [...customers(5, 74, true, 3000), train[4]];
  const players = playersOf(full);
  const names = players.names;
  for (const model of models) {
    const Z = new Float64Array(background.length * players.width);
    background.forEach((z, b) => Z.set(transformCustomer(full, z), b * players.width));
    const game = hybridModel(model, players, Z, background.length);
    const f = makeScorer(model);
    for (const x of [...customers(4, 75, true, 6000), train[9]]) {
      assert.equal(game.setTarget(transformCustomer(full, x)), f(x));
      for (let b = 0; b < background.length; b++) {
        assert.equal(game.backgroundOutputs[b], f(background[b]));
        const order = Array.from(names, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = r.int(0, i);
          [order[i], order[j]] = [order[j], order[i]];
        }
        game.begin(b);
        let mask = 0;
        for (const p of order) {
          mask |= 1 << p;
          const got = game.add(p);
          const want = f(hybrid(x, background[b], names, mask));
          if (model.family === "knn") assert.equal(got, want, `knn step ${p}`);
          else assert.ok(Math.abs(got - want) < 1e-13, `${model.family}: ${got} vs ${want}`);
        }
      }
    }
  }
});

test("with two players one antithetic pair is every permutation: the sampled estimator is exact", () => {
  const pre = preprocessor(["Длительность"], { category: true });
  const train = customers(20, 81, true);
  for (const model of [knn(pre, train, 3, "uniform", "euclidean"), svc(pre, customers(3, 82), "rbf")]) {
    const background = customers(9, 83);
    const e = makeExplainer(model, background, { algorithm: "permutation", permutations: 2, background_size: 9 });
    for (const x of customers(4, 84, false, 5000)) {
      assertClose(e.explain(x).values, bruteForceInterventional(makeScorer(model), x, background, playerNames(pre)).phi, 1e-12, `${model.family}`);
    }
  }
});

test("sampled permutations converge to the exact values (within 4 standard errors)", () => {
  const pre = small("standard");
  const model = svc(pre, customers(3, 91), "rbf");
  const background = customers(8, 92);
  const x = customers(1, 93, false, 5000)[0];
  const exact = bruteForceInterventional(makeScorer(model), x, background, playerNames(pre)).phi;
  const e = makeExplainer(model, background, { algorithm: "permutation", permutations: 200, background_size: 8, seed: 3 }).explain(x);
  assert.ok(e.standard_errors);
  e.values.forEach((v, i) => {
    const se = e.standard_errors![i];
    assert.ok(se > 0 && se < 0.05, `se ${se}`);
    assert.ok(Math.abs(v - exact[i]) <= 4 * se + 1e-12, `player ${i}: ${v} vs ${exact[i]} (se ${se})`);
  });
});

test("permutation SHAP on all 16 features: exactly additive, deterministic, keyed by seed and id", () => {
  const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
  const train = customers(120, 101);
  const models = [knn(full, train, 9, "distance", "euclidean"), svc(full, customers(3, 102), "rbf")];
  const xs = customers(25, 103, false, 5000);
  for (const model of models) {
    const options = { background_size: 30, permutations: 4, seed: 11 };
    const set = explainAll(model, xs, train, options);
    assert.equal(set.algorithm, "permutation");
    assert.equal(set.background_size, 30);
    assert.equal(set.features.length, 16);
    const report = checkAdditivity(model, xs, set);
    assert.ok(report.ok && report.max_error < 1e-12, `${model.family}: ${report.max_error}`);
    // explainOne reproduces the batch row (permutations depend on seed and id, not on batch position).
    assert.deepEqual(explainOne(model, xs[17], train, options).values, set.values[17]);
    assert.deepEqual(explainAll(model, [...xs].reverse(), [...train].reverse(), options).values.reverse(), set.values);
    // A different seed gives a different sample (and differently estimated values) but the same additivity.
    const other = explainAll(model, xs, train, { ...options, seed: 12 });
    assert.notDeepEqual(other.values, set.values);
    assert.ok(checkAdditivity(model, xs, other).ok);
  }
});

test("auto picks exact enumeration only when it is no dearer than the permutation budget", () => {
  const train = customers(20, 111);
  const two = preprocessor(["Длительность"], { category: true });
  const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
  assert.equal(makeExplainer(knn(two, train, 3, "uniform", "euclidean"), train).algorithm, "exact");
  assert.equal(makeExplainer(knn(full, train, 3, "uniform", "euclidean"), train).algorithm, "permutation");
  assert.throws(() => makeExplainer(knn(full, train, 3, "uniform", "euclidean"), train, { permutations: 3 }), /even/);
  assert.throws(() => makeExplainer(knn(full, train, 3, "uniform", "euclidean"), train, { algorithm: "tree" }), /needs a decision_tree model, got knn/);
});

test("KNN: exact distance ties that the incremental sums break by rounding still resolve like the scorer", () => {
  // Two training rows mirrored around x on «Длительность» (dyadic offsets: the scorer's sums tie exactly) and
  // equal elsewhere, with opposite labels; k = 1, so the tie decides P. Walking from a non-dyadic background
  // value, the incremental sums of the two rows round differently: only the screening slack keeps both rows
  // as candidates for the exact re-measurement.
  const pre = preprocessor(["Длительность", "Акционные_покупки"], { scaler: "none" });
  const players = playersOf(pre);
  const r = rand(123);
  const x = { ...customers(1, 1)[0], Длительность: 0.5, Акционные_покупки: 0.3 };
  let mismatches = 0;
  for (let trial = 0; trial < 40; trial++) {
    const e = Math.round(r.uniform() * 1e6) / 1e6;
    const rows = [
      { ...x, id: 1, Длительность: 0.5 - 0.25 * (trial + 1), Акционные_покупки: e, "Покупательская активность": "Снизилась" as const },
      { ...x, id: 2, Длительность: 0.5 + 0.25 * (trial + 1), Акционные_покупки: e, "Покупательская активность": "Прежний уровень" as const },
    ];
    const train = trial % 2 ? rows : [rows[1], rows[0]];
    const model = knn(pre, train, 1, "uniform", "euclidean");
    const background = customers(12, 200 + trial).map((z) => ({ ...z, Длительность: r.uniform() * 7 - 3, Акционные_покупки: r.uniform() }));
    const Z = new Float64Array(background.length * players.width);
    background.forEach((z, b) => Z.set(transformCustomer(pre, z), b * players.width));
    const game = hybridModel(model, players, Z, background.length);
    const f = makeScorer(model);
    game.setTarget(transformCustomer(pre, x));
    for (let b = 0; b < background.length; b++) {
      game.begin(b);
      const got = game.add(0); // x's «Длительность», the background's «Акционные_покупки»
      if (got !== f(hybrid(x, background[b], players.names, 1))) mismatches++;
    }
  }
  assert.equal(mismatches, 0);
});

test("RBF SVC: a background row whose kernel factors would overflow walks the additive way, with the same values", () => {
  // Unscaled «Длительность» (hundreds): a background customer far from every support vector has γ(z − v)² > 600,
  // so its reciprocal factors exp(+γ(z − v)²) are not tabulated; the near ones use the multiplicative form.
  const pre = preprocessor(["Длительность", "Акционные_покупки", "Ошибка_сервиса"], { scaler: "none", category: true });
  const svs = customers(3, 301).map((c, i) => ({ ...c, Длительность: 600 + 10 * i }));
  const model = artifact("svc", pre, {
    kernel: "rbf", gamma: 0.004, degree: 3, coef0: 0,
    raw_support_vectors: encodedRows(pre, svs), dual_coef: [0.9, -1.3, 0.55], rho: -0.2, sign: 1, prob_a: -1.7, prob_b: 0.15,
  });
  const background = [...customers(4, 302).map((c, i) => ({ ...c, Длительность: 590 + 7 * i })), { ...customers(1, 303)[0], Длительность: 1000 }];
  const players = playersOf(pre);
  const Z = new Float64Array(background.length * players.width);
  background.forEach((z, b) => Z.set(transformCustomer(pre, z), b * players.width));
  const game = hybridModel(model, players, Z, background.length);
  const f = makeScorer(model);
  const names = players.names;
  let far = 0;
  for (const x of customers(3, 304, false, 5000).map((c, i) => ({ ...c, Длительность: 605 + i }))) {
    game.setTarget(transformCustomer(pre, x));
    for (let b = 0; b < background.length; b++) {
      game.begin(b);
      let mask = 0;
      for (const p of [2, 0, 3, 1]) {
        mask |= 1 << p;
        const got = game.add(p);
        const want = f(hybrid(x, background[b], names, mask));
        assert.ok(Math.abs(got - want) < 1e-13, `row ${b}, player ${p}: ${got} vs ${want}`);
        if (b === background.length - 1) far++;
      }
    }
  }
  assert.equal(far, 12);
  // The far row's own output is not trivially 0 or 1 away from the others: the fallback path was really exercised.
  assert.notEqual(game.backgroundOutputs[background.length - 1], game.backgroundOutputs[0]);
});

test("walkPair gives the same values as walking step by step, forward and reversed", () => {
  const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
  const train = customers(60, 311, true);
  const players = playersOf(full);
  const background = customers(4, 312, true, 3000);
  const Z = new Float64Array(background.length * players.width);
  background.forEach((z, b) => Z.set(transformCustomer(full, z), b * players.width));
  const r = rand(313);
  for (const model of [knn(full, train, 5, "distance", "euclidean"), svc(full, customers(3, 314), "rbf")]) {
    const game = hybridModel(model, players, Z, background.length);
    const M = players.names.length;
    const order = Int32Array.from({ length: M }, (_, i) => i);
    const fwd = new Float64Array(M);
    const rev = new Float64Array(M);
    for (const x of customers(3, 315, true, 6000)) {
      game.setTarget(transformCustomer(full, x));
      for (let b = 0; b < background.length; b++) {
        for (let i = M - 1; i > 0; i--) {
          const j = r.int(0, i);
          [order[i], order[j]] = [order[j], order[i]];
        }
        game.walkPair(b, order, fwd, rev);
        game.begin(b);
        for (let t = 0; t < M - 1; t++) assert.equal(fwd[t], game.add(order[t]));
        game.begin(b);
        for (let t = 0; t < M - 1; t++) assert.equal(rev[t], game.add(order[M - 1 - t]));
      }
    }
  }
});

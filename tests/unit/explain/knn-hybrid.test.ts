// The KNN hybrid evaluator (explain/hybrid/knn.ts) against the plain scorer: antithetic walk pairs on random data
// with coarse values, so duplicate training rows and exact distance ties are everywhere, both metrics, both
// weightings, k from 1 to n. The evaluator screens with incrementally updated sums and re-measures only the rows
// that can be near; every value must equal the scorer's on the hybrid customer, bit for bit.

import { test } from "node:test";
import assert from "node:assert/strict";
import { makeScorer, transformCustomer, type KnnEstimator, type PreprocessorParams } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES, type Customer } from "../../../src/analysis/schema.js";
import { hybridModel } from "../../../src/analysis/explain/hybrid/index.js";
import { playersOf } from "../../../src/analysis/explain/players.js";
import { artifact, customers, encodedRows, hybrid, labelOf, preprocessor, rand } from "./helpers.js";

function knnModel(pre: PreprocessorParams, train: readonly Customer[], k: number, weights: KnnEstimator["weights"], metric: KnnEstimator["metric"]) {
  return artifact("knn", pre, { n_neighbors: k, weights, metric, raw_X: encodedRows(pre, train), y: train.map(labelOf) });
}

test("KNN walk pairs equal the scorer on every hybrid (random coarse data: duplicates and exact ties; k = 1 … n)", () => {
  const r = rand(2024);
  for (const scaler of ["standard", "none"] as const) {
    const pre = preprocessor([...NUMERIC_FEATURES], { scaler, ordinal: true, consent: true, category: true });
    const players = playersOf(pre);
    const M = players.names.length;
    const train = customers(60, 301, true);
    // Exact duplicates with opposite labels: ties the (distance, index) order must break like the scorer.
    train[10] = { ...train[2], id: train[10].id, "Покупательская активность": "Прежний уровень" };
    train[11] = { ...train[2], id: train[11].id };
    const background = [...customers(4, 302, true, 3000), train[2], train[31]];
    const Z = new Float64Array(background.length * players.width);
    background.forEach((z, b) => Z.set(transformCustomer(pre, z), b * players.width));
    const xs = [...customers(3, 303, true, 6000), train[10], background[1]];
    for (const metric of ["manhattan", "euclidean"] as const) {
      for (const weights of ["distance", "uniform"] as const) {
        for (const k of [1, 3, 19, 60, 75]) {
          const model = knnModel(pre, train, k, weights, metric);
          const f = makeScorer(model);
          const game = hybridModel(model, players, Z, background.length);
          const fwd = new Float64Array(M);
          const rev = new Float64Array(M);
          const order = new Int32Array(M);
          for (const x of xs) {
            assert.equal(game.setTarget(transformCustomer(pre, x)), f(x));
            for (let b = 0; b < background.length; b++) {
              for (let p = 0; p < M; p++) order[p] = p;
              for (let i = M - 1; i > 0; i--) {
                const j = r.int(0, i);
                [order[i], order[j]] = [order[j], order[i]];
              }
              game.walkPair(b, order, fwd, rev);
              let maskF = 0;
              let maskR = 0;
              for (let t = 0; t < M - 1; t++) {
                maskF |= 1 << order[t];
                maskR |= 1 << order[M - 1 - t];
                const what = `${scaler} ${metric} ${weights} k=${k} x=${x.id} b=${b} t=${t}`;
                assert.equal(fwd[t], f(hybrid(x, background[b], players.names, maskF)), what);
                assert.equal(rev[t], f(hybrid(x, background[b], players.names, maskR)), what);
              }
            }
          }
        }
      }
    }
  }
});

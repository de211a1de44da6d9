import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KNeighborsClassifier, neighbourTable, probaFromTable } from "../../../src/analysis/models/knn.js";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import type { ScalerKind } from "../../../src/analysis/models/scoring.js";
import { DATASETS, dataset, fixture } from "./helpers.js";

interface KnnFixture {
  scaler: ScalerKind;
  n_neighbors: number;
  weights: "uniform" | "distance";
  metric: "euclidean" | "manhattan";
  proba_test: number[];
  proba_stable_rule: number[];
  boundary_tie: boolean[];
}

for (const name of DATASETS) {
  describe(`KNeighborsClassifier vs sklearn on ${name}`, () => {
    const d = dataset(name);
    for (const f of fixture<KnnFixture[]>(`${name}_knn.json`)) {
      const label = `${f.scaler} k=${f.n_neighbors} ${f.weights} ${f.metric}`;
      const pre = new Preprocessor({ scaler: f.scaler }).fit(d.train);
      const p = new KNeighborsClassifier({ nNeighbors: f.n_neighbors, weights: f.weights, metric: f.metric })
        .fit(pre.transform(d.train), d.yTrain)
        .predictProba(pre.transform(d.test));

      it(`${label}: identical predict_proba wherever no rows tie at the k-th distance`, () => {
        f.proba_test.forEach((q, i) => {
          if (f.boundary_tie[i]) return;
          // uniform weights give exact fractions; 1/d weights agree to rounding of the distance sums
          assert.ok(Math.abs(p[i] - q) <= (f.weights === "uniform" ? 0 : 1e-12), `row ${i}: ${p[i]} vs ${q}`);
        });
      });

      it(`${label}: on exact ties, the earlier training row wins (independent numpy implementation)`, () => {
        f.proba_stable_rule.forEach((q, i) => assert.ok(Math.abs(p[i] - q) <= 1e-12, `row ${i}`));
      });
    }
  });
}

describe("KNN tie rule", () => {
  it("documents a real difference from sklearn on the tiny data (sklearn keeps an arbitrary tied row)", () => {
    const fx = fixture<KnnFixture[]>("tiny_knn.json");
    const differing = fx.flatMap((f) => f.proba_test.filter((q, i) => Math.abs(q - f.proba_stable_rule[i]) > 1e-12));
    const ties = fx.reduce((s, f) => s + f.boundary_tie.filter(Boolean).length, 0);
    assert.ok(ties > 0, "the tiny data is built to contain exact distance ties");
    assert.ok(differing.length <= ties);
  });

  it("a neighbour table prefix gives the same probabilities as a fitted k-NN", () => {
    const d = dataset("tiny");
    const pre = new Preprocessor({ scaler: "minmax" }).fit(d.train);
    const X = pre.transform(d.train);
    const Q = pre.transform(d.test);
    for (const metric of ["euclidean", "manhattan"] as const) {
      const table = neighbourTable(metric, X, Q, 15);
      for (const k of [1, 2, 7, 15]) {
        for (const weights of ["uniform", "distance"] as const) {
          const direct = new KNeighborsClassifier({ nNeighbors: k, weights, metric }).fit(X, d.yTrain).predictProba(Q);
          assert.deepEqual(probaFromTable(table, d.yTrain, k, weights), direct);
        }
      }
    }
  });

  it("distance weights: a zero-distance neighbour decides alone", () => {
    const X = { rows: 3, cols: 1, data: Float64Array.from([0, 1, 2]) };
    const m = new KNeighborsClassifier({ nNeighbors: 3, weights: "distance", metric: "euclidean" }).fit(X, [1, 0, 0]);
    assert.equal(m.predictProba({ rows: 1, cols: 1, data: Float64Array.from([0]) })[0], 1);
    // at 0.5: weights 1/0.5, 1/0.5, 1/1.5 → P = 2 / (2 + 2 + 2/3)
    assert.ok(Math.abs(m.predictProba({ rows: 1, cols: 1, data: Float64Array.from([0.5]) })[0] - 2 / (2 + 2 + 1 / 1.5)) < 1e-15);
  });
});

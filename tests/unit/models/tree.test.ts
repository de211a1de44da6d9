import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Matrix } from "../../../src/analysis/stats/linalg.js";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import { DecisionTreeClassifier, resolveMaxFeatures } from "../../../src/analysis/models/tree.js";
import { DATASETS, dataset, fixture } from "./helpers.js";

interface TreeFixture {
  max_depth: number | null;
  min_samples_leaf: number;
  max_features: "sqrt" | null;
  seed_invariant: boolean;
  n_distinct_trees: number;
  proba_test_seed0: number[];
  tree_seed0: { feature: number[]; threshold: number[]; n_node_samples: number[] };
}

/** Best achievable gini proxy −(n_L·G_L + n_R·G_R) at a node, by brute force over every feature and cut. */
function bestProxy(X32: Float32Array, d: number, y: Uint8Array, rows: number[], minLeaf: number): number {
  let best = -Infinity;
  for (let f = 0; f < d; f++) {
    const vals = [...new Set(rows.map((r) => X32[r * d + f]))].sort((a, b) => a - b);
    for (let k = 1; k < vals.length; k++) {
      if (vals[k] <= vals[k - 1] + 1e-7) continue;
      const left = rows.filter((r) => X32[r * d + f] <= vals[k - 1]);
      const right = rows.filter((r) => X32[r * d + f] > vals[k - 1]);
      if (left.length < minLeaf || right.length < minLeaf) continue;
      const g = (s: number[]) => {
        const p = s.filter((r) => y[r] === 1).length;
        return 1 - (p * p + (s.length - p) ** 2) / (s.length * s.length);
      };
      best = Math.max(best, -right.length * g(right) - left.length * g(left));
    }
  }
  return best;
}

for (const name of DATASETS) {
  describe(`DecisionTreeClassifier vs sklearn on ${name}`, () => {
    const d = dataset(name);
    const pre = new Preprocessor({ scaler: "none" }).fit(d.train);
    const Xtr = pre.transform(d.train);
    const Xte = pre.transform(d.test);
    const fx = fixture<TreeFixture[]>(`${name}_tree.json`);
    const invariant = fx.filter((f) => f.seed_invariant && f.max_features === null);

    it("the fixture has configurations whose sklearn tree does not depend on random_state", () => {
      assert.ok(invariant.length >= 2, `${invariant.length}`);
    });

    for (const f of invariant) {
      it(`depth=${f.max_depth} leaf=${f.min_samples_leaf}: identical tree and predictions (sklearn seed-invariant)`, () => {
        const m = new DecisionTreeClassifier({ maxDepth: f.max_depth, maxFeatures: null, minSamplesLeaf: f.min_samples_leaf, randomState: 0 }).fit(Xtr, d.yTrain);
        const t = m.toEstimator();
        assert.deepEqual(t.feature.map((v) => (v < 0 ? -2 : v)), f.tree_seed0.feature);
        assert.deepEqual(t.n_samples, f.tree_seed0.n_node_samples);
        t.threshold.forEach((v, i) => t.feature[i] >= 0 && assert.equal(v, f.tree_seed0.threshold[i]));
        assert.deepEqual(Array.from(m.predictProba(Xte)), f.proba_test_seed0);
      });
    }

    for (const f of fx.filter((g) => !g.seed_invariant && g.max_features === null).slice(0, 3)) {
      it(`depth=${f.max_depth} leaf=${f.min_samples_leaf}: sklearn varies with its seed (${f.n_distinct_trees} trees); every split of ours is still a best split`, () => {
        const m = new DecisionTreeClassifier({ maxDepth: f.max_depth, maxFeatures: null, minSamplesLeaf: f.min_samples_leaf, randomState: 0 }).fit(Xtr, d.yTrain);
        checkBestSplits(m, Xtr, d.yTrain, f.min_samples_leaf);
      });
    }
  });
}

function checkBestSplits(m: DecisionTreeClassifier, X: Matrix, y: Uint8Array, minLeaf: number): void {
  const t = m.toEstimator();
  const X32 = Float32Array.from(X.data);
  const d = X.cols;
  const walk = (node: number, rows: number[]) => {
    if (t.left[node] === -1) return;
    const f = t.feature[node];
    const left = rows.filter((r) => X32[r * d + f] <= t.threshold[node]);
    const right = rows.filter((r) => X32[r * d + f] > t.threshold[node]);
    const g = (s: number[]) => {
      const p = s.filter((r) => y[r] === 1).length;
      return 1 - (p * p + (s.length - p) ** 2) / (s.length * s.length);
    };
    const mine = -right.length * g(right) - left.length * g(left);
    assert.ok(Math.abs(mine - bestProxy(X32, d, y, rows, minLeaf)) < 1e-9, `node ${node}`);
    walk(t.left[node], left);
    walk(t.right[node], right);
  };
  walk(0, Array.from({ length: X.rows }, (_, i) => i));
}

describe("DecisionTreeClassifier rules", () => {
  const d = dataset("tiny");
  const X = new Preprocessor({ scaler: "none" }).fit(d.train).transform(d.train);

  it("respects max_depth and min_samples_leaf", () => {
    const m = new DecisionTreeClassifier({ maxDepth: 2, maxFeatures: null, minSamplesLeaf: 4, randomState: 0 }).fit(X, d.yTrain);
    const t = m.toEstimator();
    const depth = (n: number): number => (t.left[n] === -1 ? 0 : 1 + Math.max(depth(t.left[n]), depth(t.right[n])));
    assert.ok(depth(0) <= 2);
    t.left.forEach((l, i) => l === -1 && assert.ok(t.n_samples[i] >= 4));
  });

  it("max_features='sqrt' is seeded: same seed, same tree; trees still use only best splits among drawn features", () => {
    const a = new DecisionTreeClassifier({ maxDepth: 4, maxFeatures: "sqrt", minSamplesLeaf: 1, randomState: 3 }).fit(X, d.yTrain).toEstimator();
    const b = new DecisionTreeClassifier({ maxDepth: 4, maxFeatures: "sqrt", minSamplesLeaf: 1, randomState: 3 }).fit(X, d.yTrain).toEstimator();
    assert.deepEqual(a, b);
    assert.equal(resolveMaxFeatures("sqrt", 20), 4);
  });

  it("splits on the midpoint between consecutive distinct float32 values", () => {
    const X1 = { rows: 4, cols: 1, data: Float64Array.from([0.1, 0.2, 0.7, 0.9]) };
    const t = new DecisionTreeClassifier({ maxDepth: 1, maxFeatures: null, minSamplesLeaf: 1, randomState: 0 }).fit(X1, [0, 0, 1, 1]).toEstimator();
    assert.equal(t.threshold[0], Math.fround(0.2) / 2 + Math.fround(0.7) / 2);
  });
});

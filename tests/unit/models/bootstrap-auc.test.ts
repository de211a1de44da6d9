// bootstrapAucCi scores each resample by its multiplicities after one sort: it must give exactly the AUC
// interval bootstrapCis gives (which scores every resample with rocAuc), ties in the scores included.

import assert from "node:assert/strict";
import { test } from "node:test";
import { bootstrapAucCi, bootstrapCis } from "../../../src/analysis/models/metrics.js";
import { makeRng } from "../../../src/analysis/models/rng.js";

function sample(n: number, seed: number, levels: number) {
  const rng = makeRng(seed);
  const y: number[] = [];
  const score: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng.int(0, 2) === 0 ? 1 : 0;
    y.push(label);
    score.push((rng.int(0, levels) + label * rng.int(0, levels / 2)) / levels); // many ties
  }
  return { y, score };
}

test("bootstrapAucCi gives bootstrapCis's AUC interval for the same seed", () => {
  for (const [n, levels] of [[60, 10], [400, 40], [25, 4]] as const) {
    const { y, score } = sample(n, n, levels);
    const full = bootstrapCis(y, score, score, 300, 7);
    const fast = bootstrapAucCi(y, score, 300, 7);
    assert.deepEqual(fast.auc_ci, full.test_auc);
    assert.equal(fast.n_valid, full.n_valid);
  }
});

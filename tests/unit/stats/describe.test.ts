import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cohensD,
  describeCategorical,
  describeNumeric,
  maxLevelShareDifference,
  quantile,
  sharedHistogram,
} from "../../../src/analysis/stats/describe.js";

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} vs ${expected}`);

describe("quantile", () => {
  it("interpolates linearly at position (n − 1)·p, like pandas", () => {
    // Sorted [1, 2, 4, 10]: positions 0.75, 1.5, 2.25.
    const values = [10, 1, 4, 2];
    close(quantile(values, 0.25), 1 + 0.75 * (2 - 1));
    close(quantile(values, 0.5), 2 + 0.5 * (4 - 2));
    close(quantile(values, 0.75), 4 + 0.25 * (10 - 4));
    assert.equal(quantile(values, 0), 1);
    assert.equal(quantile(values, 1), 10);
    assert.ok(Number.isNaN(quantile([NaN], 0.5)));
  });
});

describe("describeNumeric", () => {
  it("summarises finite values as pandas' describe does, plus the share of zeros", () => {
    // Finite sorted values [0, 0, 1, 2, 4, 10]: n = 6, Σ = 17, Σx² = 121.
    const summary = describeNumeric([10, 0, 2, NaN, 0, 4, 1]);
    assert.equal(summary.count, 6);
    close(summary.mean, 17 / 6);
    close(summary.std, Math.sqrt((121 - 17 ** 2 / 6) / 5));
    assert.equal(summary.min, 0);
    close(summary.q25, 0 + 0.25 * (1 - 0)); // position 1.25
    close(summary.median, 1 + 0.5 * (2 - 1)); // position 2.5
    close(summary.q75, 2 + 0.75 * (4 - 2)); // position 3.75
    assert.equal(summary.max, 10);
    close(summary.zeroShare, 2 / 6);
  });

  it("returns NaN statistics for an empty column and NaN std for a single value", () => {
    const empty = describeNumeric([]);
    assert.equal(empty.count, 0);
    assert.ok([empty.mean, empty.std, empty.min, empty.median, empty.zeroShare].every(Number.isNaN));
    assert.ok(Number.isNaN(describeNumeric([3]).std));
  });
});

describe("describeCategorical", () => {
  it("counts levels, most frequent first, ties in code-unit order, missing values ignored", () => {
    const summary = describeCategorical(["нет", "да", "да", null, "нет", "да", "может"]);
    assert.equal(summary.count, 6);
    assert.deepEqual(summary.levels, [
      { level: "да", count: 3, share: 0.5 },
      { level: "нет", count: 2, share: 2 / 6 },
      { level: "может", count: 1, share: 1 / 6 },
    ]);
  });
});

describe("effect sizes between classes", () => {
  it("Cohen's d uses the pooled sample SD", () => {
    // [2, 4, 6]: mean 4, s² = 4; [1..5]: mean 3, s² = 2.5; pooled s² = (2·4 + 4·2.5) / 6 = 3.
    close(cohensD([2, 4, 6], [1, 2, 3, 4, 5]), 1 / Math.sqrt(3));
    close(cohensD([1, 2, 3, 4, 5], [2, 4, 6]), -1 / Math.sqrt(3));
    assert.ok(Number.isNaN(cohensD([1], [1, 2])));
    assert.ok(Number.isNaN(cohensD([3, 3], [3, 3, 3])));
  });

  it("max level share difference picks the level whose share differs most", () => {
    // Positive: a 1/4, b 3/4. Negative: a 1/2, b 1/4, c 1/4 → |Δ| = 1/4, 1/2, 1/4.
    const contrast = maxLevelShareDifference(["a", "b", "b", "b"], ["a", "a", "b", "c"]);
    assert.deepEqual(contrast, { level: "b", positiveShare: 0.75, negativeShare: 0.25, absoluteDifference: 0.5 });
    assert.equal(maxLevelShareDifference([], ["a"]), null);
  });
});

describe("sharedHistogram", () => {
  it("bins every group on the same edges; bins are left-closed and the last one includes the max", () => {
    const histogram = sharedHistogram(
      [
        { name: "Снизилась", values: [0, 1, 2, 10] },
        { name: "Прежний уровень", values: [5, 10, NaN] },
      ],
      5,
    );
    assert.deepEqual(histogram.edges, [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(histogram.groups, [
      { name: "Снизилась", counts: [2, 1, 0, 0, 1], shares: [0.5, 0.25, 0, 0, 0.25] },
      { name: "Прежний уровень", counts: [0, 0, 1, 0, 1], shares: [0, 0, 0.5, 0, 0.5] },
    ]);
  });

  it("uses a single bin when all values are equal", () => {
    const histogram = sharedHistogram([{ name: "x", values: [3, 3] }], 10);
    assert.deepEqual(histogram.edges, [3, 3]);
    assert.deepEqual(histogram.groups[0].counts, [2]);
  });
});

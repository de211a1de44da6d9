import assert from "node:assert/strict";
import { test } from "node:test";
import { binCounts, driftLevel, levelCounts, psi, PSI_EMPTY_SHARE, quantileCuts } from "../../../src/analysis/stats/drift.js";

test("PSI: zero for identical shares, the textbook sum otherwise, symmetric in its terms", () => {
  assert.equal(psi([10, 20, 30], [1, 2, 3]), 0);
  const e = [0.25, 0.25, 0.5];
  const a = [0.5, 0.25, 0.25];
  const expected = (0.5 - 0.25) * Math.log(0.5 / 0.25) + 0 + (0.25 - 0.5) * Math.log(0.25 / 0.5);
  assert.ok(Math.abs(psi([25, 25, 50], [50, 25, 25]) - expected) < 1e-15);
  assert.ok(Math.abs(psi(e.map((x) => x * 100), a.map((x) => x * 100)) - psi(a.map((x) => x * 100), e.map((x) => x * 100))) < 1e-15);
});

test("PSI: an empty bin counts as a small share instead of making the index infinite", () => {
  const value = psi([50, 50, 0], [45, 45, 10]);
  assert.ok(Number.isFinite(value));
  const term = (0.1 - PSI_EMPTY_SHARE) * Math.log(0.1 / PSI_EMPTY_SHARE);
  assert.ok(value > term && value < term + 0.02, `${value}`);
  assert.throws(() => psi([1, 2], [1, 2, 3]), /same bins/);
});

test("drift levels follow the stated thresholds: < 0.1 none, 0.1–0.25 moderate, ≥ 0.25 major", () => {
  assert.equal(driftLevel(0), "none");
  assert.equal(driftLevel(0.0999), "none");
  assert.equal(driftLevel(0.1), "moderate");
  assert.equal(driftLevel(0.2499), "moderate");
  assert.equal(driftLevel(0.25), "major");
});

test("quantile cuts: deciles of continuous values, midway between distinct values; one bin per value when there are few", () => {
  const values = Array.from({ length: 1000 }, (_, i) => i);
  const cuts = quantileCuts(values);
  assert.deepEqual(cuts, [99.5, 199.5, 299.5, 399.5, 499.5, 599.5, 699.5, 799.5, 899.5]);
  assert.deepEqual(binCounts(values, cuts), Array(10).fill(100));
  const discrete = [...Array(50).fill(3), ...Array(30).fill(4), ...Array(20).fill(5)];
  const dc = quantileCuts(discrete);
  assert.deepEqual(dc, [3.5, 4.5]);
  assert.deepEqual(binCounts(discrete, dc), [50, 30, 20]);
  // tied values never straddle a cut, and a value above every cut lands in the last bin
  assert.deepEqual(binCounts([3, 3, 4, 100, -1], dc), [3, 1, 1]);
  assert.deepEqual(quantileCuts([7, 7, 7]), []);
});

test("level counts cover both reports' levels and name the ones that appeared or vanished", () => {
  const r = levelCounts(["a", "b", "b", null], ["b", "c", "c"]);
  assert.deepEqual(r, { levels: ["a", "b", "c"], previous: [1, 2, 0], current: [0, 1, 2], appeared: ["c"], vanished: ["a"] });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { keptProfit } from "../../../src/analysis/segments/kept-profit.js";
import { DEFAULT_ASSUMPTIONS, expectedValue, targetingCurve } from "../../../src/analysis/segments/economics.js";

const segment = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, p: 0.3 + (i % 7) / 10, profit: 2 + (i % 11) / 2 }));

test("kept profit: the best cut-off's expected net value per month, at the one default definition", () => {
  const k = keptProfit(segment);
  const curve = targetingCurve(segment, DEFAULT_ASSUMPTIONS);
  assert.deepEqual(k.assumptions, DEFAULT_ASSUMPTIONS);
  assert.equal(k.targeted, curve.bestN);
  assert.ok(Math.abs(k.expected_total - curve.bestValue) < 1e-9);
  assert.ok(Math.abs(k.expected_per_month - curve.bestValue / DEFAULT_ASSUMPTIONS.horizonMonths) < 1e-9);
  const positive = segment.filter((r) => expectedValue(r.p, r.profit, DEFAULT_ASSUMPTIONS) > 0).length;
  assert.equal(k.targeted, positive);
});

test("kept profit: the range brackets the expectation, is reproducible from its seed, and narrows with no outcome risk", () => {
  const k = keptProfit(segment);
  const [lo, hi] = k.range_per_month;
  assert.ok(lo < k.expected_per_month && k.expected_per_month < hi, `${lo} < ${k.expected_per_month} < ${hi}`);
  assert.deepEqual(keptProfit(segment).range_per_month, k.range_per_month);
  // Certain outcomes (p = 1, everyone retained): no spread.
  const sure = keptProfit(segment.map((r) => ({ ...r, p: 1 })), { ...DEFAULT_ASSUMPTIONS, retainedShare: 1 });
  assert.ok(Math.abs(sure.range_per_month[0] - sure.expected_per_month) < 1e-9);
  assert.ok(Math.abs(sure.range_per_month[1] - sure.expected_per_month) < 1e-9);
});

test("kept profit: nobody targeted when no offer pays off", () => {
  const k = keptProfit(segment, { ...DEFAULT_ASSUMPTIONS, costPerOffer: 1e6 });
  assert.equal(k.targeted, 0);
  assert.equal(k.expected_per_month, 0);
  assert.deepEqual(k.range_per_month, [0, 0]);
});

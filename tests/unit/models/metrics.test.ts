import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  averagePrecision,
  bootstrapCis,
  calibrationCurve,
  confusion,
  percentile,
  precisionRecallCurve,
  precisionRecallF1,
  rocAuc,
  rocCurve,
} from "../../../src/analysis/models/metrics.js";
import { fixture, maxAbsDiff } from "./helpers.js";

interface MetricCase {
  y: number[];
  score: number[];
  proba: number[];
  roc_auc: number;
  average_precision: number;
  roc_curve: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr_curve: { precision: number[]; recall: number[]; thresholds: number[] };
  calibration: { prob_true: number[]; prob_pred: number[] };
}

const cases = fixture<MetricCase[]>("tiny_metrics.json");

describe("metrics against sklearn (scores with many ties)", () => {
  cases.forEach((c, k) => {
    it(`case ${k}: roc_auc_score and average_precision_score`, () => {
      assert.ok(Math.abs(rocAuc(c.y, c.score) - c.roc_auc) < 1e-12);
      assert.ok(Math.abs(averagePrecision(c.y, c.score) - c.average_precision) < 1e-12);
    });
    it(`case ${k}: roc_curve (drop_intermediate) and precision_recall_curve`, () => {
      const roc = rocCurve(c.y, c.score);
      assert.ok(maxAbsDiff(roc.map((p) => p.fpr), c.roc_curve.fpr) < 1e-12);
      assert.ok(maxAbsDiff(roc.map((p) => p.tpr), c.roc_curve.tpr) < 1e-12);
      assert.deepEqual(roc.slice(1).map((p) => p.threshold), c.roc_curve.thresholds.slice(1));
      const pr = precisionRecallCurve(c.y, c.score);
      assert.ok(maxAbsDiff(pr.map((p) => p.precision), c.pr_curve.precision) < 1e-12);
      assert.ok(maxAbsDiff(pr.map((p) => p.recall), c.pr_curve.recall) < 1e-12);
      assert.deepEqual(pr.slice(0, -1).map((p) => p.threshold), c.pr_curve.thresholds);
    });
    it(`case ${k}: calibration_curve (10 uniform bins)`, () => {
      const cal = calibrationCurve(c.y, c.proba);
      assert.ok(maxAbsDiff(cal.map((b) => b.fraction_positive), c.calibration.prob_true) < 1e-12);
      assert.ok(maxAbsDiff(cal.map((b) => b.mean_predicted), c.calibration.prob_pred) < 1e-12);
    });
  });
});

describe("metrics from first principles", () => {
  it("AUC is the probability a positive outranks a negative (ties count half)", () => {
    const y = [1, 0, 1, 0, 1, 0];
    const s = [0.9, 0.9, 0.5, 0.1, 0.1, 0.3];
    let wins = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) if (y[i] === 1 && y[j] === 0) wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    assert.equal(rocAuc(y, s), wins / 9);
  });

  it("precision, recall and F1 at 0.5 follow sklearn's predict (p = 0.5 is negative)", () => {
    const c = confusion([1, 1, 0, 0, 1], [0.9, 0.5, 0.6, 0.1, 0.2]);
    assert.deepEqual(c, { tp: 1, fp: 1, tn: 1, fn: 2 });
    const m = precisionRecallF1(c);
    assert.equal(m.precision, 0.5);
    assert.equal(m.recall, 1 / 3);
    assert.equal(m.f1, (2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3));
    assert.equal(precisionRecallF1({ tp: 0, fp: 0, tn: 3, fn: 0 }).f1, 0);
  });

  it("percentile interpolates linearly like numpy", () => {
    assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
    assert.equal(percentile([10, 0, 5], 2.5), 0.25);
    assert.equal(percentile([3], 97.5), 3);
  });

  it("bootstrap intervals are seeded and bracket the point estimate", () => {
    const c = cases[1];
    const a = bootstrapCis(c.y, c.proba, c.score, 300, 1);
    assert.deepEqual(a, bootstrapCis(c.y, c.proba, c.score, 300, 1));
    assert.notDeepEqual(a, bootstrapCis(c.y, c.proba, c.score, 300, 2));
    const auc = rocAuc(c.y, c.score);
    assert.ok(a.test_auc[0] < auc && auc < a.test_auc[1]);
    assert.equal(a.n_valid, 300);
  });
});

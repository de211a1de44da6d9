import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Config } from "../../../src/analysis/models/grid.js";
import type { ModellingResult } from "../../../src/analysis/models/run.js";
import { runModelling } from "../../../src/analysis/pipeline.js";
import { withWorkerMap } from "../../../src/node/worker-map.js";
import { makeScorer, scoreCustomer, sigmoid } from "../../../src/analysis/models/scoring.js";
import { ARTIFACT_DIGITS, evaluateConfigs } from "../../../src/analysis/models/search.js";
import { roundSignificant } from "../../../src/analysis/stats/rounding.js";
const roundSig = (x: number) => roundSignificant(x, ARTIFACT_DIGITS);
import { stratifiedKFold } from "../../../src/analysis/models/split.js";
import { calibrate } from "../../../src/analysis/models/calibration.js";
import { honestModelOf, honestScorer } from "../../../src/analysis/models/honest.js";
import { customers, fixture } from "./helpers.js";

const tinyGrid: Config[] = fixture<{ configs: Config[] }>("tiny_gridsearch.json").configs.map((r) => ({ family: r.family, params: r.params, scaler: r.scaler }));
const options = { grid: tinyGrid, bootstrapResamples: 200 };
const data = customers("tiny");
const result = await runModelling(data, options);

describe("runModelling artifacts (tiny data, tiny grid)", () => {
  it("are plain JSON (no typed arrays, NaN or Infinity) and byte-stable across runs and input order", async () => {
    const text = JSON.stringify(result);
    assert.deepEqual(JSON.parse(text), result);
    assert.equal(JSON.stringify(await runModelling([...data].reverse(), options)), text);
  });

  it("split: disjoint train/test covering every id, stated seed, 25 % test", () => {
    const { train, test, seed } = result.split;
    assert.equal(seed, 42);
    assert.equal(new Set([...train, ...test]).size, data.length);
    assert.equal(test.length, Math.ceil(0.25 * data.length));
    assert.deepEqual(test, [...test].sort((a, b) => a - b));
  });

  it("leaderboard: every configuration once, sorted best first, chosen = first", () => {
    const lb = result.leaderboard;
    assert.equal(lb.length, tinyGrid.length);
    for (let i = 1; i < lb.length; i++) assert.ok(lb[i - 1].cv_auc_mean >= lb[i].cv_auc_mean);
    lb.forEach((e) => {
      assert.equal(e.cv_auc_folds.length, 5);
      assert.ok(Math.abs(e.cv_auc_mean - e.cv_auc_folds.reduce((s, v) => s + v, 0) / 5) < 1e-11);
    });
    const c = result.metrics.chosen;
    assert.deepEqual([c.family, c.params, c.scaler], [lb[0].family, lb[0].params, lb[0].scaler]);
    for (const [fam, m] of Object.entries(result.metrics.best_per_family)) {
      const first = lb.find((e) => e.family === fam)!;
      assert.deepEqual([m!.params, m!.scaler, m!.cv_auc], [first.params, first.scaler, first.cv_auc_mean]);
    }
  });

  it("metrics: intervals bracket the estimates; confusion matrix matches the test probabilities", () => {
    for (const m of Object.values(result.metrics.best_per_family)) {
      assert.ok(m!.test_auc_ci[0] <= m!.test_auc_ci[1] && m!.f1_ci[0] <= m!.f1_ci[1]);
      const { tp, fp, tn, fn } = m!.confusion;
      assert.equal(tp + fp + tn + fn, result.split.test.length);
    }
    const test = result.predictions.filter((p) => p.set === "test");
    const yOf = new Map(data.map((c) => [c.id, c["Покупательская активность"] === "Снизилась" ? 1 : 0]));
    // The models' metrics are those of the raw score (calibration is reported separately).
    const tp = test.filter((p) => p.score > 0.5 && yOf.get(p.id) === 1).length;
    assert.equal(result.metrics.chosen.confusion.tp, tp);
    assert.ok(result.metrics.curves.roc.length >= 2 && result.metrics.curves.calibration.length >= 1);
  });

  it("small data is not sampled: every customer is in the split and has a train or test prediction", () => {
    assert.equal(result.metrics.sample, null);
    assert.deepEqual(result.predictions.map((p) => p.id), data.map((c) => c.id).sort((a, b) => a - b));
    const train = new Set(result.split.train);
    for (const p of result.predictions) assert.equal(p.set, train.has(p.id) ? "train" : "test");
  });

  it("model_scores: every customer's score from the model that never saw them (the browser scorer's numbers)", () => {
    const byId = new Map(data.map((c) => [c.id, c]));
    assert.equal(result.model_scores.ids.length, data.length);
    const train = new Set(result.split.train);
    result.model_scores.ids.forEach((id, i) => {
      const h = honestModelOf(result.model, result.honest, id);
      assert.equal(h.index > 0, train.has(id), `customer ${id}: fold model exactly for training customers`);
      assert.equal(result.model_scores.p[i], honestScorer(h)(byId.get(id)!).score);
    });
    // Fold model k is trained on the training customers outside fold k.
    const foldOf = new Map(result.honest.fold_of.ids.map((id, i) => [id, result.honest.fold_of.fold[i]]));
    assert.equal(foldOf.size, result.split.train.length);
    result.honest.folds.forEach((m, k) => {
      if (m.family === "knn") assert.equal(m.estimator.y.length, [...foldOf.values()].filter((f) => f !== k).length);
    });
  });

  it("predictions: test score is exactly what the browser scorer gives for the model artifact; p is its calibrated probability", () => {
    const byId = new Map(data.map((c) => [c.id, c]));
    for (const p of result.predictions.filter((q) => q.set === "test")) {
      const score = scoreCustomer(result.model, byId.get(p.id)!);
      assert.equal(p.score, roundSig(score));
      assert.equal(p.p, roundSig(calibrate(result.honest.calibration.final, score)));
      assert.ok(p.p > 0 && p.p < 1);
    }
    const cal = result.metrics.calibration;
    assert.ok(["isotonic", "sigmoid"].includes(cal.method));
    assert.ok(cal.brier_ci[0] <= cal.brier && cal.brier <= cal.brier_ci[1] && cal.ece_raw_ci[0] <= cal.ece_raw && cal.ece_raw <= cal.ece_raw_ci[1]);
    assert.ok(cal.crossfit_max_difference < 1e-9, "the fold models reproduce the CV's out-of-fold scores");
  });

  it("predictions: train p is the chosen configuration's out-of-fold probability", () => {
    const c = result.metrics.chosen;
    const cfg: Config = { family: c.family, params: c.params, scaler: c.scaler };
    const byId = new Map(data.map((x) => [x.id, x]));
    const train = result.split.train.map((id) => byId.get(id)!);
    const y = Uint8Array.from(train, (x) => (x["Покупательская активность"] === "Снизилась" ? 1 : 0));
    const [r] = evaluateConfigs({ customers: train, y, folds: stratifiedKFold(y, 5), nFolds: 5 }, [cfg]);
    const scoreOf = new Map(result.predictions.map((p) => [p.id, p.score]));
    train.forEach((x, i) => {
      const expected = cfg.family === "logistic_regression" ? sigmoid(r.oof[i]) : cfg.family === "svc" ? NaN : r.oof[i];
      if (!Number.isNaN(expected)) assert.ok(Math.abs(scoreOf.get(x.id)! - expected) < 1e-11, `customer ${x.id}`);
    });
  });

  it("models: the best of every family is exported and scores customers", () => {
    for (const fam of ["logistic_regression", "knn", "decision_tree", "svc"] as const) {
      const m = result.models[fam]!;
      assert.equal(m.family, fam);
      // One name per family: the artifact's `family`; the estimator carries no tag of its own ("kind" was one).
      assert.deepEqual(Object.keys(m.estimator).filter((k) => k === "kind" || k === "family"), [], `${fam}'s estimator names its family again`);
      const score = makeScorer(JSON.parse(JSON.stringify(m)));
      data.forEach((c) => {
        const p = score(c);
        assert.ok(p >= 0 && p <= 1);
      });
    }
    const svc = result.models.svc!;
    assert.ok(svc.family === "svc" && svc.estimator.prob_a < 0);
  });

  it("the two-thread runner gives the identical result", async () => {
    const parallel: ModellingResult = await withWorkerMap(2, (map) => runModelling(data, options, map));
    assert.equal(JSON.stringify(parallel), JSON.stringify(result));
  });
});

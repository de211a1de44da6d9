import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Config } from "../../../src/analysis/models/grid.js";
import { MODEL_SAMPLE_SIZE, prepareModelling, type ModellingResult } from "../../../src/analysis/models/run.js";
import { runModelling } from "../../../src/analysis/pipeline.js";
import { withWorkerMap } from "../../../src/node/worker-map.js";
import { makeScorer } from "../../../src/analysis/models/scoring.js";
import { ARTIFACT_DIGITS, evaluateConfigs } from "../../../src/analysis/models/search.js";
import { roundSignificant } from "../../../src/analysis/stats/rounding.js";
const roundSig = (x: number) => roundSignificant(x, ARTIFACT_DIGITS);
import { calibrate } from "../../../src/analysis/models/calibration.js";
import { honestModelOf, honestScorer } from "../../../src/analysis/models/honest.js";
import { stratifiedKFold, stratifiedSample } from "../../../src/analysis/models/split.js";
import { customers, fixture } from "./helpers.js";

const demo = customers("demo"); // 1297 customers, as many as the study's data
const yOf = (c: (typeof demo)[number]) => (c["Покупательская активность"] === "Снизилась" ? 1 : 0);

describe("stratifiedSample", () => {
  const y = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30 % positive

  it("draws exactly `size` distinct positions, ascending, with the class shares of the whole", () => {
    for (const size of [1, 7, 100, 333, 999, 1000]) {
      const s = stratifiedSample(y, size, 42);
      assert.equal(s.length, size);
      assert.equal(new Set(s).size, size);
      assert.deepEqual(s, [...s].sort((a, b) => a - b));
      const pos = s.filter((i) => y[i] === 1).length;
      assert.ok(Math.abs(pos - 0.3 * size) <= 1, `size ${size}: ${pos} positives`);
    }
  });

  it("is seeded: the same seed gives the same sample, another seed another", () => {
    assert.deepEqual(stratifiedSample(y, 200, 42), stratifiedSample(y, 200, 42));
    assert.notDeepEqual(stratifiedSample(y, 200, 42), stratifiedSample(y, 200, 43));
  });

  it("is a random draw, not a prefix or a stride", () => {
    const s = stratifiedSample(y, 200, 42);
    assert.ok(s[s.length - 1] > 900 && s[0] < 100);
    const gaps = new Set(s.slice(1).map((v, i) => v - s[i]));
    assert.ok(gaps.size > 5);
  });

  it("rejects sizes outside 1..n", () => {
    assert.throws(() => stratifiedSample(y, 0, 1));
    assert.throws(() => stratifiedSample(y, 1001, 1));
  });
});

describe("model search on a sample of a large data set", async () => {
  // Small stand-ins for "large": the demo data (1297 customers) with a 300-customer sample and a small grid.
  const tinyGrid: Config[] = fixture<{ configs: Config[] }>("tiny_gridsearch.json").configs.map((r) => ({ family: r.family, params: r.params, scaler: r.scaler }));
  const grid = tinyGrid.filter((c, i) => i % 3 === 0 || c.family === "svc");
  const options = { grid, bootstrapResamples: 50, sampleSize: 300 };
  const result = await runModelling(demo, options);
  const byId = new Map(demo.map((c) => [c.id, c]));

  it("the study's data size is not sampled (MODEL_SAMPLE_SIZE is far above it)", () => {
    assert.ok(MODEL_SAMPLE_SIZE > 2 * 1297);
    const prep = prepareModelling(demo, { grid });
    assert.equal(prep.sample, null);
    assert.equal(prep.customers.length, demo.length);
    assert.equal(prep.outOfSample.length, 0);
  });

  it("metrics.sample states size, total, seed and rule; the split is of the sample", () => {
    const s = result.metrics.sample!;
    assert.deepEqual([s.size, s.of, s.seed], [300, demo.length, 42]);
    assert.match(s.rule, /300/);
    assert.equal(result.split.train.length + result.split.test.length, 300);
    assert.equal(result.metrics.n_train + result.metrics.n_test, 300);
  });

  it("the sample is stratified by the target", () => {
    const ids = [...result.split.train, ...result.split.test];
    const rate = ids.reduce((s, id) => s + yOf(byId.get(id)!), 0) / ids.length;
    const all = demo.reduce((s, c) => s + yOf(c), 0) / demo.length;
    assert.ok(Math.abs(rate - all) <= 1 / 300, `${rate} vs ${all}`);
  });

  it("predictions cover every customer once, by id; sets follow the split; the rest is 'scored'", () => {
    const p = result.predictions;
    assert.equal(p.length, demo.length);
    assert.deepEqual(p.map((q) => q.id), demo.map((c) => c.id).sort((a, b) => a - b));
    const train = new Set(result.split.train);
    const test = new Set(result.split.test);
    for (const q of p) assert.equal(q.set, train.has(q.id) ? "train" : test.has(q.id) ? "test" : "scored");
    assert.equal(p.filter((q) => q.set === "scored").length, demo.length - 300);
  });

  it("honest: scored and test customers get the chosen model's score (and its calibrated probability), and the model never trained on them", () => {
    const score = makeScorer(result.model);
    const train = new Set(result.split.train);
    for (const q of result.predictions) {
      if (q.set === "train") continue;
      assert.ok(!train.has(q.id));
      assert.equal(q.score, roundSig(score(byId.get(q.id)!)));
      assert.equal(q.p, roundSig(calibrate(result.honest.calibration.final, score(byId.get(q.id)!))));
    }
    const model = result.model;
    if (model.family === "knn") assert.equal(model.estimator.raw_X.length, result.split.train.length);
  });

  it("honest: training customers get out-of-fold probabilities of the chosen configuration", () => {
    const c = result.metrics.chosen;
    const cfg: Config = { family: c.family, params: c.params, scaler: c.scaler };
    const train = result.split.train.map((id) => byId.get(id)!);
    const y = Uint8Array.from(train, yOf);
    const [r] = evaluateConfigs({ customers: train, y, folds: stratifiedKFold(y, 5), nFolds: 5 }, [cfg]);
    const pOf = new Map(result.predictions.map((q) => [q.id, q.score]));
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-11;
    if (cfg.family === "knn" || cfg.family === "decision_tree") train.forEach((x, i) => assert.ok(close(pOf.get(x.id)!, r.oof[i])));
    else if (cfg.family === "logistic_regression") train.forEach((x, i) => assert.ok(close(pOf.get(x.id)!, 1 / (1 + Math.exp(-r.oof[i])))));
    // SVC: the Platt mapping of these OOF decisions is checked in run.test.ts
  });

  it("model_scores: every customer's score from the model that never saw them, full precision", () => {
    assert.deepEqual(result.model_scores.ids, demo.map((c) => c.id).sort((a, b) => a - b));
    result.model_scores.ids.forEach((id, i) => assert.equal(result.model_scores.p[i], honestScorer(honestModelOf(result.model, result.honest, id))(byId.get(id)!).score));
  });

  it("deterministic: byte-identical for the same input in any order; the two-thread runner (scoring on both threads) agrees", async () => {
    const text = JSON.stringify(result);
    assert.equal(JSON.stringify(await runModelling([...demo].reverse(), options)), text);
    const parallel: ModellingResult = await withWorkerMap(2, (map) => runModelling(demo, options, map));
    assert.equal(JSON.stringify(parallel), text);
  });

  it("another sample seed gives another sample", () => {
    const a = prepareModelling(demo, { ...options, sampleSeed: 7 });
    assert.notDeepEqual(a.customers.map((c) => c.id), prepareModelling(demo, options).customers.map((c) => c.id));
  });
});

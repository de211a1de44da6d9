// Checks on the artifacts of a whole analysis (`npm run analyze -- --out DIR`), run by CI on the demo
// data always and on the store's real exports when the machine has them: ARTIFACTS_DIR=DIR.
// They assert properties that must hold for any data, not figures of one particular export.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeScorer, sigmoid, type ModelArtifact } from "../../src/analysis/models/scoring.js";
import type { Customer } from "../../src/analysis/schema.js";
import type { Ledger } from "../../src/analysis/clean/ledger.js";
import { duplicateGroups, findCopies } from "../../src/analysis/clean/duplicates.js";
import { N_FOLDS, stratifiedKFold } from "../../src/analysis/models/split.js";
import { POSITIVE_CLASS, TARGET } from "../../src/analysis/schema.js";
import type { ShapArtifact } from "../../src/analysis/explain/artifact.js";
import { honestIndexOf, honestModelList, honestModelOf, honestScorer, type HonestModels } from "../../src/analysis/models/honest.js";

const dir = process.env.ARTIFACTS_DIR;
const skip = !dir && "ARTIFACTS_DIR not set";
const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir!, `${name}.json`), "utf8")) as T;

test("every raw row is accounted for and every kept customer is active", { skip }, () => {
  const ledger = read<Ledger>("ledger");
  const customers = read<Customer[]>("customers");
  for (const [name, f] of Object.entries(ledger.files)) assert.equal(f.raw, f.kept + f.excluded_rows, name);
  assert.equal(ledger.customers.raw, ledger.customers.kept + ledger.customers.excluded_count);
  assert.equal(customers.length, ledger.customers.kept);
  for (const e of ledger.customers.excluded) assert.ok(["incomplete_customer", "inactive_customer", "implausible_value"].includes(e.code) && Number.isInteger(e.id));
  for (const c of customers) {
    assert.ok(c.Выручка_препредыдущий_месяц > 0 && c.Выручка_предыдущий_месяц > 0 && c.Выручка_текущий_месяц > 0, `active customer ${c.id}`);
  }
  console.log(`${ledger.customers.raw} customers in, ${ledger.customers.kept} kept, excluded: ${ledger.customers.excluded.map((e) => `${e.id} (${e.code})`).join(", ")}`);
});

test("copied customers never straddle the train/test split or the CV folds", { skip }, () => {
  const customers = read<Customer[]>("customers");
  const split = read<{ train: number[]; test: number[] }>("split");
  const copies = findCopies(customers);
  const ledger = read<Ledger>("ledger");
  assert.equal(ledger.duplicate_customers.count, copies.length);
  const inTest = new Set(split.test);
  for (const c of copies) assert.equal(inTest.has(c.id), inTest.has(c.copy_of), `customer ${c.id} copies ${c.copy_of}`);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const train = split.train.map((id) => byId.get(id)!);
  const groups = duplicateGroups(train);
  const folds = stratifiedKFold(Uint8Array.from(train, (c) => (c[TARGET] === POSITIVE_CLASS ? 1 : 0)), N_FOLDS, groups);
  train.forEach((_, k) => assert.equal(folds[k], folds[groups[k]]));
  // …and the folds the fold models were actually fitted on keep every copy with its original.
  const honest = read<HonestModels>("honest_models");
  const foldOf = new Map(honest.fold_of.ids.map((id, i) => [id, honest.fold_of.fold[i]]));
  for (const c of copies) assert.equal(foldOf.get(c.id), foldOf.get(c.copy_of), `customer ${c.id} and its original ${c.copy_of} share a fold`);
  console.log(`${copies.length} copied customers, none across the split`);
});

test("SHAP is additive for every explained customer (everyone, or the stated sample): base value + Σ SHAP = the honest model's score shown for that customer, within 1e-6", { skip }, () => {
  const model = read<ModelArtifact>("model");
  const honest = read<HonestModels>("honest_models");
  const shap = read<ShapArtifact>("shap");
  const customers = new Map(read<Customer[]>("customers").map((c) => [c.id, c]));
  const modelScores = read<{ ids: number[]; p: number[] }>("model_scores");
  const shown = new Map(modelScores.ids.map((id, i) => [id, modelScores.p[i]]));
  if (shap.sample) {
    // Large data: the artifact states who is explained; the even part must be among them and the counts must match.
    assert.equal(shap.sample.of, customers.size);
    assert.equal(shap.sample.size, shap.ids.length);
    const explained = new Set(shap.ids);
    assert.ok(shap.sample.representative_ids?.every((id) => explained.has(id)), "the representative sample is explained");
    assert.ok(shap.sample.even! > 0 && shap.sample.segment!.taken <= shap.sample.segment!.size, "the sample states its even part and the segment's share");
  } else assert.equal(shap.ids.length, customers.size, "every customer is explained");
  const scorers = honestModelList(model, honest).map(makeScorer);
  const indexOf = honestIndexOf(honest);
  let worst = 0;
  shap.ids.forEach((id, i) => {
    const p = scorers[indexOf(id)](customers.get(id)!);
    assert.equal(p, shown.get(id), `customer ${id}: the honest model's score is the one the report shows`);
    const output = shap.output === "log-odds" ? Math.log(p / (1 - p)) : p;
    const total = shap.base_values[i] + shap.values[i].reduce((s, v) => s + v, 0);
    worst = Math.max(worst, Math.abs(total - output));
    if (shap.output === "log-odds") assert.ok(Math.abs(sigmoid(total) - p) < 1e-6);
  });
  assert.ok(worst <= 1e-6, `largest additivity error ${worst}`);
  console.log(`SHAP (${shap.model}, ${shap.output}) additive over ${shap.ids.length} customers against their honest model; largest error ${worst.toExponential(2)}`);
});

test("every per-customer score comes from a model that never saw the customer, and every probability is calibrated, never 0 or 1", { skip }, () => {
  const model = read<ModelArtifact>("model");
  const honest = read<HonestModels>("honest_models");
  const split = read<{ train: number[]; test: number[] }>("split");
  const predictions = read<{ id: number; set: string; p: number; score: number }[]>("predictions");
  const customers = new Map(read<Customer[]>("customers").map((c) => [c.id, c]));
  const trainIds = new Set(split.train);
  const foldOf = new Map(honest.fold_of.ids.map((id, i) => [id, honest.fold_of.fold[i]]));
  assert.equal(foldOf.size, trainIds.size, "every training customer has a fold");
  for (const id of foldOf.keys()) assert.ok(trainIds.has(id));
  // Fold model k never saw fold k: it is trained on the training part minus fold k, which a KNN/SVC artifact lists row by row.
  const counts = honest.folds.map((_, k) => [...foldOf.values()].filter((f) => f !== k).length);
  honest.folds.forEach((m, k) => {
    if (m.family === "knn") assert.equal(m.estimator.y.length, counts[k], `fold model ${k} trains on the other folds only`);
    if (m.family === "decision_tree") assert.equal(m.estimator.n_samples[0], counts[k], `fold model ${k} trains on the other folds only`);
  });
  const indexOf = honestIndexOf(honest);
  let changed = 0;
  let worst = 0;
  for (const p of predictions) {
    const h = honestModelOf(model, honest, p.id);
    assert.equal(h.index, indexOf(p.id));
    if (trainIds.has(p.id)) assert.equal(h.index, foldOf.get(p.id)! + 1, `training customer ${p.id} is scored by their fold model`);
    else assert.equal(h.index, 0, `customer ${p.id} outside the training part is scored by the chosen model`);
    const { score, p: calibrated } = honestScorer(h)(customers.get(p.id)!);
    worst = Math.max(worst, Math.abs(score - p.score), Math.abs(calibrated - p.p));
    assert.ok(p.p > 0 && p.p < 1, `customer ${p.id}: probability ${p.p} is not 0 or 1`);
    if (Math.abs(p.p - p.score) > 1e-9) changed++;
  }
  assert.ok(worst < 1e-9, `predictions reproduce from honest_models.json (largest difference ${worst})`);
  console.log(`every customer's score from the model that never saw them; calibration (${honest.calibration.method}) changed ${changed} of ${predictions.length} probabilities`);
});

test("no silent gaps: every customer of the default segment has a ranked offer (the stated fallback when no rule helps)", { skip }, () => {
  const offers = read<{ id: number; p: number; profit: number; offers: { type: string; expected_drop: number }[] }[]>("offers");
  const segments = read<{ probability: number; profit: number }>("segments");
  const inSegment = offers.filter((o) => o.p >= segments.probability && o.profit >= segments.profit);
  for (const o of inSegment) assert.ok(o.offers.length > 0, `customer ${o.id} of the default segment has no offer`);
  for (const o of offers) for (const f of o.offers) assert.ok(f.expected_drop >= 0 && f.expected_drop < 1);
  console.log(`default segment: ${inSegment.length} customers, ${inSegment.filter((o) => o.offers[0].type === "loyalty_bonus").length} with the fallback offer`);
});

test("predictions are honest: out-of-fold for training customers, held-out for test customers, and (sampled data only) from the model for the rest", { skip }, () => {
  const split = read<{ train: number[]; test: number[] }>("split");
  const predictions = read<{ id: number; set: string; p: number }[]>("predictions");
  const metrics = read<{ sample: { size: number; of: number } | null; chosen: { family: string; cv_auc: number; test_auc: number } }>("metrics");
  const customers = read<Customer[]>("customers");
  const train = new Set(split.train);
  const test = new Set(split.test);
  assert.equal(predictions.length, customers.length, "every customer has a probability");
  if (metrics.sample) assert.equal(train.size + test.size, metrics.sample.size, "the split is the model sample");
  else assert.equal(train.size + test.size, predictions.length, "without a sample, the split covers everyone");
  for (const p of predictions) {
    assert.equal(p.set, train.has(p.id) ? "train" : test.has(p.id) ? "test" : "scored");
    assert.ok(p.p >= 0 && p.p <= 1);
  }
  console.log(`chosen ${metrics.chosen.family}: CV ROC-AUC ${metrics.chosen.cv_auc.toFixed(4)}, test ${metrics.chosen.test_auc.toFixed(4)}`);
});

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
import { duplicateGroups, findCopies } from "../../src/analysis/features/duplicates.js";
import { N_FOLDS, stratifiedKFold } from "../../src/analysis/models/split.js";
import { POSITIVE_CLASS, TARGET } from "../../src/analysis/schema.js";
import type { ShapArtifact } from "../../src/analysis/explain/artifact.js";

const dir = process.env.ARTIFACTS_DIR;
const skip = !dir && "ARTIFACTS_DIR not set";
const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir!, `${name}.json`), "utf8")) as T;

test("every raw row is accounted for and every kept customer is active", { skip }, () => {
  const ledger = read<Ledger>("ledger");
  const customers = read<Customer[]>("customers");
  for (const [name, f] of Object.entries(ledger.files)) assert.equal(f.raw, f.kept + f.excluded_rows, name);
  assert.equal(ledger.customers.raw, ledger.customers.kept + ledger.customers.excluded_count);
  assert.equal(customers.length, ledger.customers.kept);
  for (const e of ledger.customers.excluded) assert.ok(e.reason.length > 0 && Number.isInteger(e.id));
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
  console.log(`${copies.length} copied customers, none across the split`);
});

test("SHAP is additive for every explained customer (everyone, or the stated sample): base value + Σ SHAP = model output within 1e-6", { skip }, () => {
  const model = read<ModelArtifact>("model");
  const shap = read<ShapArtifact>("shap");
  const customers = new Map(read<Customer[]>("customers").map((c) => [c.id, c]));
  if (shap.sample) {
    // Large data: the artifact states who is explained; the even part must be among them and the counts must match.
    assert.equal(shap.sample.of, customers.size);
    assert.equal(shap.sample.size, shap.ids.length);
    const explained = new Set(shap.ids);
    assert.ok(shap.sample.representative_ids?.every((id) => explained.has(id)), "the representative sample is explained");
    assert.ok(shap.sample.rule.length > 0);
  } else assert.equal(shap.ids.length, customers.size, "every customer is explained");
  const score = makeScorer(model);
  let worst = 0;
  shap.ids.forEach((id, i) => {
    const p = score(customers.get(id)!);
    const output = shap.output === "log-odds" ? Math.log(p / (1 - p)) : p;
    const total = shap.base_value + shap.values[i].reduce((s, v) => s + v, 0);
    worst = Math.max(worst, Math.abs(total - output));
    if (shap.output === "log-odds") assert.ok(Math.abs(sigmoid(total) - p) < 1e-6);
  });
  assert.ok(worst <= 1e-6, `largest additivity error ${worst}`);
  console.log(`SHAP (${shap.model}, ${shap.output}) additive over ${shap.ids.length} customers; largest error ${worst.toExponential(2)}`);
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

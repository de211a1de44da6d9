import assert from "node:assert/strict";
import { test } from "node:test";
import { customersPreview, familiesForPage, LEDGER_EXAMPLES_PER_CODE, ledgerForPage, PAGE_ROWS, shapForPage } from "../../../src/analysis/pages/page-data.js";
import type { ShapArtifact } from "../../../src/analysis/explain/artifact.js";
import type { Customer } from "../../../src/analysis/schema.js";

const customer = (id: number) => ({ id, Прибыль: id % 7 }) as unknown as Customer;

function shapOf(ids: number[]): ShapArtifact {
  return {
    model: "knn",
    output: "probability",
    base_value: 0.4,
    base_values: ids.map(() => 0.4),
    features: ["a", "b"],
    ids,
    values: ids.map((id) => [id / 1e6, -id / 1e6]),
    feature_values: ids.map((id) => [id, "x"]),
    explainer: { algorithm: "permutation", background_size: 10, permutations: 2, seed: 1, max_additivity_error: 0 },
  };
}

test("a study-sized table is previewed whole; a large one as its first PAGE_ROWS customers by id, and says so", () => {
  const small = Array.from({ length: 50 }, (_, i) => customer(1000 - i));
  const p = customersPreview(small);
  assert.equal(p.rows.length, 50);
  assert.equal(p.sample, null);
  assert.deepEqual(p.columns, ["id", "Прибыль"]);

  const large = Array.from({ length: PAGE_ROWS * 3 }, (_, i) => customer(PAGE_ROWS * 3 - i));
  const q = customersPreview(large);
  assert.equal(q.total, PAGE_ROWS * 3);
  assert.equal(q.rows.length, PAGE_ROWS);
  assert.deepEqual(q.rows.slice(0, 3).map((c) => c.id), [1, 2, 3]);
  assert.deepEqual(q.sample, { size: PAGE_ROWS, of: PAGE_ROWS * 3, kind: "first_by_id" });
});

test("the importance page's sample keeps each customer's own SHAP row, values, score and table row", () => {
  const ids = Array.from({ length: PAGE_ROWS * 2 + 1 }, (_, i) => 10 + i);
  const customers = ids.map(customer);
  const scores = new Map(ids.map((id) => [id, id / 1e5]));
  const page = shapForPage(shapOf(ids), customers, scores);
  assert.equal(page.ids.length, PAGE_ROWS);
  assert.equal(new Set(page.ids).size, PAGE_ROWS);
  assert.ok(page.ids[0] === 10 && page.ids[page.ids.length - 1] > ids[ids.length - 10], "spread over all ids");
  page.ids.forEach((id, i) => {
    assert.deepEqual(page.values[i], [id / 1e6, -id / 1e6]);
    assert.deepEqual(page.feature_values[i], [id, "x"]);
    assert.equal(page.p[i], id / 1e5);
    assert.equal(page.customers[i].id, id);
  });
  assert.deepEqual(page.page_sample, { size: PAGE_ROWS, of: ids.length, kind: "even_of_explained" });

  const whole = shapForPage(shapOf(ids.slice(0, 30)), customers, scores);
  assert.deepEqual(whole.ids, ids.slice(0, 30));
  assert.equal(whole.page_sample, null);
  assert.throws(() => shapForPage(shapOf([1]), customers, scores), /no model score/);
});

test("the family comparison is summarised as mean |SHAP| per feature, keeping the sample note", () => {
  const artifact = { ...shapOf([1, 2]), values: [[0.1, -0.4], [-0.3, 0.2]] };
  const sample = { size: 2, of: 9 };
  const [summary] = familiesForPage([{ sample, artifact }]);
  assert.equal(summary.model, "knn");
  assert.deepEqual(summary.features, ["a", "b"]);
  assert.ok(Math.abs(summary.mean_abs[0] - 0.2) < 1e-12 && Math.abs(summary.mean_abs[1] - 0.3) < 1e-12, String(summary.mean_abs));
  assert.deepEqual(summary.sample, sample);
});

test("the page ledger is the (bounded) ledger with example ids per exclusion reason", async () => {
  const { cleanExports } = await import("../../../src/analysis/clean/clean.js");
  const { readExports, DEFAULT_DATA_DIR } = await import("../../../src/io/read-exports.js");
  const { ledger } = cleanExports(readExports(DEFAULT_DATA_DIR).texts);
  const page = ledgerForPage(ledger);
  assert.deepEqual(page.files, ledger.files);
  assert.ok(page.customers.excluded_count > 0);
  for (const [code, n] of Object.entries(page.customers.excluded_by_code)) {
    const ids = page.customers.excluded_examples[code];
    assert.equal(ids.length, Math.min(n, LEDGER_EXAMPLES_PER_CODE), code);
    assert.deepEqual(ids, ledger.customers.excluded.filter((e) => e.code === code).map((e) => e.id).slice(0, LEDGER_EXAMPLES_PER_CODE));
  }
  for (const f of Object.values(ledger.files)) {
    assert.equal(f.raw, f.kept + f.excluded_rows);
    for (const g of f.corrected) assert.ok(g.rows.length === Math.min(g.count, LEDGER_EXAMPLES_PER_CODE), `${f.file} ${g.column}`);
  }
});

test("when not everyone is explained, the page shows the representative even part, not the segment-heavy rest", () => {
  const ids = Array.from({ length: 30 }, (_, i) => i + 1);
  const representative = [2, 9, 17, 25];
  const shap = { ...shapOf(ids), sample: { size: 30, of: 1000, representative_ids: representative } };
  const page = shapForPage(shap, ids.map(customer), new Map(ids.map((id) => [id, id / 100])));
  assert.deepEqual(page.ids, representative);
  assert.deepEqual(page.values, representative.map((id) => [id / 1e6, -id / 1e6]));
  assert.equal(page.page_sample?.size, 4);
});

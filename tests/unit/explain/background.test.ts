// The weighted k-means background and weighted SHAP: representatives are real customers standing for their cluster,
// and a weight w means exactly "this customer w times" in the interventional value function.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeScorer, transformCustomer, type ModelArtifact } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES, type Customer } from "../../../src/analysis/schema.js";
import { kmeansBackground } from "../../../src/analysis/explain/background.js";
import { checkAdditivity, explainAll, explainerBackground, makeExplainer, DEFAULT_BACKGROUND_SIZE } from "../../../src/analysis/explain/explainer.js";
import { artifact, assertClose, bruteForceInterventional, customers, encodedRows, labelOf, playerNames, preprocessor } from "./helpers.js";

const SRC = fileURLToPath(new URL("../../../src/analysis/explain/", import.meta.url));

test("the explain core (everything but runner-node.ts) uses no Node APIs and no unseeded randomness: the browser runs it", () => {
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((n) => n.endsWith(".ts") && n !== "runner-node.ts");
  assert.ok(files.includes("explainer.ts") && files.includes("hybrid/index.ts") && files.includes("hybrid/knn.ts"));
  for (const f of files) {
    const text = readFileSync(SRC + f, "utf8");
    assert.ok(!/from "node:/.test(text) && !/\bMath\.random\b/.test(text) && !/\bprocess\./.test(text), f);
  }
});

const pre2 = preprocessor(["Длительность", "Акционные_покупки"], { scaler: "none" });
const encode = (c: Customer) => transformCustomer(pre2, c);

/** Three tight, far-apart groups of 7, 5 and 3 customers, shuffled by id. */
function blobs(): Customer[] {
  const base = customers(15, 7);
  const centres = [100, 500, 900];
  const sizes = [7, 5, 3];
  const out: Customer[] = [];
  let k = 0;
  sizes.forEach((size, g) => {
    for (let i = 0; i < size; i++, k++) out.push({ ...base[k], id: 1000 + ((k * 7) % 15), Длительность: centres[g] + i, Акционные_покупки: 0.1 * g });
  });
  return out;
}

test("k-means representatives: real customers of their cluster, weighted by its size, in id order, whatever the input order", () => {
  const rows = blobs();
  const bg = kmeansBackground(rows, encode, 3, 1);
  assert.equal(bg.customers.length, 3);
  const ids = bg.customers.map((c) => c.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  for (const c of bg.customers) assert.ok(rows.includes(c), "a representative is one of the customers, not an average");
  const byGroup = new Map(bg.customers.map((c, i) => [Math.round(c.Длительность / 400), bg.weights[i]]));
  assert.deepEqual([...byGroup].sort(), [[0, 7], [1, 5], [2, 3]]);
  // Representative = the member nearest to the centroid: the middle one of each evenly spaced group.
  assert.deepEqual(bg.customers.map((c) => c.Длительность).sort((a, b) => a - b), [103, 502, 901]);
  assert.deepEqual(kmeansBackground([...rows].reverse(), encode, 3, 1), bg);
  // Everyone, weight 1, when there are no more customers than representatives.
  const small = kmeansBackground(rows.slice(0, 4), encode, 10, 1);
  assert.deepEqual(small.weights, [1, 1, 1, 1]);
  assert.deepEqual(small.customers.map((c) => c.id), rows.slice(0, 4).map((c) => c.id).sort((a, b) => a - b));
});

test("k-means with fewer distinct rows than clusters keeps one representative per distinct row", () => {
  const base = customers(6, 9);
  const rows = base.map((c, i) => ({ ...c, Длительность: i < 4 ? 300 : 700, Акционные_покупки: 0.5 }));
  const bg = kmeansBackground(rows, encode, 4, 3);
  assert.equal(bg.customers.length, 2);
  assert.deepEqual([...bg.weights].sort(), [2, 4]);
  assert.equal(bg.weights.reduce((s, w) => s + w, 0), rows.length);
});

test("a weight w counts like w copies of the customer (exact and two-player permutation estimates)", () => {
  const pre = preprocessor(["Длительность"], { category: true });
  const train = customers(20, 31, true);
  const knn: ModelArtifact = artifact("knn", pre, { n_neighbors: 3, weights: "distance", metric: "euclidean", raw_X: encodedRows(pre, train), y: train.map((c, i) => i % 2) });
  const z = customers(3, 32);
  const weighted = { customers: z, weights: [3, 1, 2] };
  const copies = [z[0], { ...z[0], id: 901 }, { ...z[0], id: 902 }, z[1], z[2], { ...z[2], id: 903 }];
  const f = makeScorer(knn);
  for (const x of customers(4, 33, false, 5000)) {
    const oracle = bruteForceInterventional(f, x, copies, playerNames(pre));
    const exact = makeExplainer(knn, weighted, { algorithm: "exact" });
    assert.equal(exact.background, "weighted");
    const e = exact.explain(x);
    assertClose(e.values, oracle.phi, 1e-12, "exact, weighted");
    assert.ok(Math.abs(e.base_value - oracle.base) < 1e-12);
    // Two players: one antithetic pair per row is every permutation.
    assertClose(makeExplainer(knn, weighted, { algorithm: "permutation" }).explain(x).values, oracle.phi, 1e-12, "permutation, weighted");
  }
  assert.throws(() => makeExplainer(knn, { customers: z, weights: [1, 0, 1] }), /positive/);
  assert.throws(() => makeExplainer(knn, { customers: z, weights: [1, 1] }), /weights/);
});

test("the default explainer summarises the training set; explaining from the exported summary gives the same values", () => {
  const full = preprocessor([...NUMERIC_FEATURES], { ordinal: true, consent: true, category: true });
  const train = customers(150, 41);
  const model = artifact("knn", full, { n_neighbors: 7, weights: "distance", metric: "euclidean", raw_X: encodedRows(full, train), y: train.map(labelOf) });
  const xs = customers(12, 42, false, 5000);
  const fromTraining = explainAll(model, xs, train);
  assert.equal(fromTraining.background, "kmeans");
  assert.equal(fromTraining.background_size, DEFAULT_BACKGROUND_SIZE);
  const exported = explainerBackground(model, train);
  assert.ok(!Array.isArray(exported));
  assert.equal(exported.weights.reduce((s, w) => s + w, 0), train.length);
  // As the browser gets it: through JSON.
  const fromExport = explainAll(model, xs, JSON.parse(JSON.stringify(exported)));
  assert.deepEqual(fromExport.values, fromTraining.values);
  assert.equal(fromExport.base_value, fromTraining.base_value);
  assert.ok(checkAdditivity(model, xs, fromTraining).max_error < 1e-12);
  // The older uniform sample is still available, and differs.
  const sampled = explainAll(model, xs, train, { background_method: "sample" });
  assert.equal(sampled.background, "sample");
  assert.notDeepEqual(sampled.values, fromTraining.values);
  // Linear and tree models keep the whole training set.
  const lr = artifact("logistic_regression", full, { coef: full.feature_names.map((_, j) => Math.sin(j)), intercept: 0 });
  const all = explainerBackground(lr, train);
  assert.ok(Array.isArray(all) && all.length === train.length);
  assert.throws(() => makeExplainer(lr, exported), /whole training set/);
});

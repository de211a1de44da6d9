import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { encodeRows, makeBatchScorer, nearestBlocked, scoreCustomers } from "../../../src/analysis/models/batch.js";
import type { Config } from "../../../src/analysis/models/grid.js";
import { runModelling, scoreEveryone } from "../../../src/analysis/pipeline.js";
import { withWorkerMap } from "../../../src/node/worker-map.js";
import { makeScorer, nearest, type ModelArtifact } from "../../../src/analysis/models/scoring.js";
import type { Customer } from "../../../src/analysis/schema.js";
import { customers, fixture } from "./helpers.js";

/** Number of rows where the two disagree in any bit. */
function bitDiffs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** The best model of every family (and a few more KNN / SVC variants) on the demo data, from a small grid. */
async function demoModels(): Promise<ModelArtifact[]> {
  const grid: Config[] = fixture<{ configs: Config[] }>("tiny_gridsearch.json").configs.map((r) => ({ family: r.family, params: r.params, scaler: r.scaler }));
  const models: ModelArtifact[] = [];
  for (const g of [grid, grid.filter((c) => c.family !== "knn" || c.params.metric === "manhattan"), grid.filter((c) => c.scaler !== "standard")]) {
    models.push(...Object.values((await runModelling(customers("demo"), { grid: g, bootstrapResamples: 20 })).models).filter((m): m is ModelArtifact => !!m));
  }
  return models;
}

const models = await demoModels();
describe("batch scoring = makeScorer, bit for bit", () => {
  const demo = customers("demo");

  it("every family and variant on the demo data", () => {
    const kinds = new Set(models.map((m) => `${m.family}|${String(m.params.metric ?? m.params.kernel ?? "")}|${m.scaler}`));
    assert.ok(kinds.size >= 6, [...kinds].join(" "));
    for (const m of models) {
      const expected = Float64Array.from(demo, makeScorer(m));
      assert.equal(bitDiffs(scoreCustomers(m, demo), expected), 0, `${m.family} ${JSON.stringify(m.params)} ${m.scaler}`);
    }
  });

  it("any block of rows gives the same numbers as the whole", () => {
    const m = models.find((x) => x.family === "knn")!;
    const raw = encodeRows(m.preprocessor, demo);
    const whole = new Float64Array(demo.length);
    const blocks = new Float64Array(demo.length);
    const scorer = makeBatchScorer(m);
    scorer.score(raw, 0, demo.length, whole);
    for (const [a, b] of [[500, 1297], [0, 1], [1, 500]]) scorer.score(raw, a, b, blocks);
    assert.equal(bitDiffs(whole, blocks), 0);
  });

  it("scoring in blocks, on one thread or two, gives the same numbers", async () => {
    for (const m of models.filter((x) => x.family === "svc" || x.family === "knn")) {
      assert.equal(bitDiffs(await scoreEveryone(m, demo), scoreCustomers(m, demo)), 0);
      assert.equal(bitDiffs(await withWorkerMap(2, (map) => scoreEveryone(m, demo, map)), scoreCustomers(m, demo)), 0);
    }
  });

  const REAL = fileURLToPath(new URL("../../../../shared/data/one-click/", import.meta.url));
  it("on the study's data, when this machine has it", { skip: !existsSync(REAL + "market_file.csv") }, async () => {
    const { readExports } = await import("../../../src/io/read-exports.js");
    const { cleanExports } = await import("../../../src/analysis/clean/clean.js");
    const real: Customer[] = cleanExports(readExports(REAL).texts).customers;
    const grid: Config[] = fixture<{ configs: Config[] }>("tiny_gridsearch.json").configs.map((r) => ({ family: r.family, params: r.params, scaler: r.scaler }));
    const result = await runModelling(real, { grid, bootstrapResamples: 20 });
    for (const m of Object.values(result.models)) assert.equal(bitDiffs(scoreCustomers(m!, real), Float64Array.from(real, makeScorer(m!))), 0, m!.family);
  });
});

describe("nearestBlocked (four rows at a time, pruned) = scoring.ts nearest", () => {
  // Rows on a coarse grid, so that many distances tie exactly (the (distance, index) order must survive pruning).
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 600;
  const d = 5;
  const coarse = { X: Float64Array.from({ length: n * d }, () => Math.floor(rand() * 4) / 2), Q: Float64Array.from({ length: 200 * d }, () => Math.floor(rand() * 4) / 2 + (rand() < 0.3 ? 0.25 : 0)) };
  // and continuous rows, where distances are close but rarely equal
  const fine = { X: Float64Array.from({ length: n * d }, () => rand()), Q: Float64Array.from({ length: 200 * d }, () => rand()) };
  // and tight, well separated clusters, where whole groups are skipped; some queries are copies of training rows
  const centre = Array.from({ length: 8 * d }, () => rand() * 20);
  const clustered = {
    X: Float64Array.from({ length: n * d }, (_, t) => centre[(Math.floor(t / d) % 8) * d + (t % d)] + rand() * 0.5),
    Q: new Float64Array(200 * d),
  };
  for (let q = 0; q < 200; q++) {
    for (let j = 0; j < d; j++) clustered.Q[q * d + j] = q % 4 === 0 ? clustered.X[q * 3 * d + j] : centre[(q % 8) * d + j] + rand() * 0.6;
  }

  for (const metric of ["euclidean", "manhattan"] as const) for (const [name, { X, Q }] of [["coarse", coarse], ["continuous", fine], ["clustered", clustered]] as const) {
    it(`${metric}, ${name} rows: same neighbours, same order, same distances (k = 1, 7, 31; pruning after 0, 2, 5 features)`, () => {
      for (const [k, checkAt] of [[1, 2], [7, 0], [7, 2], [31, 5], [31, 2]]) {
        for (let q = 0; q < 200; q++) {
          const [i1, d1, i2, d2] = [new Int32Array(k), new Float64Array(k), new Int32Array(k), new Float64Array(k)];
          const m1 = nearest(metric, X, n - (q % 3), d, Q, q * d, k, i1, d1);
          const m2 = nearestBlocked(metric, X, n - (q % 3), d, Q, q * d, k, i2, d2, checkAt);
          assert.equal(m2, m1);
          assert.deepEqual([...i2], [...i1], `${metric} k=${k} q=${q}`);
          assert.deepEqual([...d2], [...d1]);
        }
      }
    });
  }
});

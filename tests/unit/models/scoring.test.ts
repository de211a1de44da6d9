import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Config } from "../../../src/analysis/models/grid.js";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import { runModelling } from "../../../src/analysis/pipeline.js";
import { makeScorer, powi, scoreCustomer, sigmoid, transformCustomer } from "../../../src/analysis/models/scoring.js";
import { customers, DATASETS, dataset } from "./helpers.js";
import { makeEstimator } from "../../../src/analysis/models/estimators.js";

const SRC = fileURLToPath(new URL("../../../src/analysis/models/", import.meta.url));

describe("scoring.ts is safe for the browser", () => {
  it("loads, at run time, only dependency-free scoring modules: no package, no fitting code", () => {
    // Follows scoring.ts's runtime imports (type-only imports are erased) through artifact.ts and families/.
    const FITTING = ["estimators.ts", "logistic.ts", "knn.ts", "tree.ts", "svc.ts", "libsvm-wasm.ts", "search.ts", "run.ts", "preprocess.ts"];
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      const text = readFileSync(SRC + path, "utf8");
      assert.ok(!/\b(process|require|Math\.random|Date\.now)\b/.test(text), path);
      for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)([^;]*?)\s+from\s+"([^"]+)"/gm)) {
        const spec = m[2];
        if (/^\{[^}]*\}$/.test(m[1].trim()) && m[1].trim().slice(1, -1).split(",").every((x) => /^\s*(type\s.*)?$/.test(x))) continue;
        if (spec === "../schema.js" && path === "scoring.ts") continue;
        assert.ok(spec.startsWith("./") || spec.startsWith("../"), `${path} imports the package ${spec}`);
        const target = new URL(spec.replace(/\.js$/, ".ts"), new URL(path, "file:///m/")).pathname.slice(3);
        assert.ok(!target.startsWith("/") && !target.startsWith("../"), `${path} imports ${spec} outside models/`);
        assert.ok(!FITTING.includes(target), `${path} imports fitting code ${target}`);
        visit(target);
      }
    };
    visit("scoring.ts");
    assert.ok(seen.has("families/index.ts") && seen.has("artifact.ts"), [...seen].join(", "));
  });

  it("the models use no Node APIs and no unseeded randomness", () => {
    const files = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((n) => n.endsWith(".ts"));
    assert.ok(files.includes("families/index.ts"));
    for (const f of files) {
      const text = readFileSync(SRC + f, "utf8");
      assert.ok(!/from "node:/.test(text) && !/\bMath\.random\b/.test(text) && !/\bprocess\./.test(text), f);
    }
  });
});

describe("scoring arithmetic", () => {
  it("powi equals integer powers", () => {
    for (const b of [-1.5, 0.3, 2, 7.25]) for (const t of [0, 1, 2, 3, 5]) assert.ok(Math.abs(powi(b, t) - b ** t) <= 1e-12 * Math.abs(b ** t));
  });
  it("sigmoid is stable at both tails", () => {
    assert.equal(sigmoid(-800), 0);
    assert.equal(sigmoid(800), 1);
    assert.equal(sigmoid(0), 0.5);
  });
});

const name = DATASETS[DATASETS.length - 1];
describe(`a model artifact scores customers exactly as the fitted estimator (${name})`, async () => {
  const grid: Config[] = [
    { family: "logistic_regression", params: { penalty: "l1", C: 2 }, scaler: "minmax" },
    { family: "knn", params: { n_neighbors: 15, weights: "distance", metric: "manhattan" }, scaler: "standard" },
    { family: "decision_tree", params: { max_depth: 5, max_features: null, min_samples_leaf: 10 }, scaler: "none" },
    { family: "svc", params: { kernel: "rbf", C: 1, gamma: "scale" }, scaler: "standard" },
  ];
  const result = await runModelling(customers(name), { grid, bootstrapResamples: 50 });
  const d = dataset(name);
  const byId = new Map(customers(name).map((c) => [c.id, c]));
  const test = result.split.test.map((id) => byId.get(id)!);
  const train = result.split.train.map((id) => byId.get(id)!);

  for (const cfg of grid) {
    it(`${cfg.family}: browser probabilities = estimator probabilities (from a JSON round trip)`, () => {
      const artifact = JSON.parse(JSON.stringify(result.models[cfg.family]));
      const score = makeScorer(artifact);
      const pre = new Preprocessor({ scaler: cfg.scaler }).fit(train);
      const est = makeEstimator(cfg);
      const y = Uint8Array.from(train, (c) => (c["Покупательская активность"] === "Снизилась" ? 1 : 0));
      const Xtr = pre.transform(train);
      const Xte = pre.transform(test);
      est.fit(Xtr, y);
      let p: Float64Array;
      if (cfg.family === "svc") {
        const e = artifact.estimator;
        const svc = est as import("../../../src/analysis/models/svc.js").SVC;
        svc.probA = e.prob_a;
        svc.probB = e.prob_b;
        p = svc.predictProba(Xte);
      } else p = (est as { predictProba(X: typeof Xte): Float64Array }).predictProba(Xte);
      test.forEach((c, i) => assert.ok(Math.abs(score(c) - p[i]) <= 1e-12, `${c.id}: ${score(c)} vs ${p[i]}`));
      assert.equal(scoreCustomer(artifact, test[0]), score(test[0]));
    });
  }

  it("artifact preprocessing reproduces the build's feature rows", () => {
    const pre = new Preprocessor({ scaler: "minmax" }).fit(train);
    const X = pre.transform(test);
    const params = result.models.logistic_regression!.preprocessor;
    test.forEach((c, i) => {
      const x = transformCustomer(params, c);
      x.forEach((v, j) => assert.ok(Math.abs(v - X.data[i * X.cols + j]) <= 1e-12));
    });
    assert.equal(d.test.length, test.length);
  });
});

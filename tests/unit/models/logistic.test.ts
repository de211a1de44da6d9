import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LogisticRegression } from "../../../src/analysis/models/logistic.js";
import type { Matrix } from "../../../src/analysis/stats/linalg.js";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import type { ScalerKind } from "../../../src/analysis/models/scoring.js";
import { DATASETS, dataset, fixture, maxAbsDiff } from "./helpers.js";

interface LrFixture {
  scaler: ScalerKind;
  penalty: "l1" | "l2";
  C: number;
  coef: number[];
  intercept: number;
  decision_test: number[];
}

/** Gradient of the liblinear data term C Σ log(1 + exp(−y w·x̃)) at the fitted model (bias column = 1). */
function dataGradient(m: LogisticRegression, X: Matrix, y: ArrayLike<number>): number[] {
  const d = X.cols;
  const g = new Array<number>(d + 1).fill(0);
  for (let i = 0; i < X.rows; i++) {
    let z = m.intercept;
    for (let j = 0; j < d; j++) z += m.coef[j] * X.data[i * d + j];
    const s = y[i] === 1 ? 1 : -1;
    const r = (-m.C * s) / (1 + Math.exp(s * z));
    for (let j = 0; j < d; j++) g[j] += r * X.data[i * d + j];
    g[d] += r;
  }
  return g;
}

for (const name of DATASETS) {
  describe(`LogisticRegression (liblinear objective) vs sklearn on ${name}`, () => {
    const d = dataset(name);
    const mats = new Map<ScalerKind, { Xtr: Matrix; Xte: Matrix }>();
    const data = (s: ScalerKind) => {
      if (!mats.has(s)) {
        const pre = new Preprocessor({ scaler: s }).fit(d.train);
        mats.set(s, { Xtr: pre.transform(d.train), Xte: pre.transform(d.test) });
      }
      return mats.get(s)!;
    };
    for (const f of fixture<LrFixture[]>(`${name}_logreg.json`)) {
      it(`${f.scaler} ${f.penalty} C=${f.C}: coefficients and intercept within 1e-3`, () => {
        const { Xtr, Xte } = data(f.scaler);
        const m = new LogisticRegression({ penalty: f.penalty, C: f.C }).fit(Xtr, d.yTrain);
        assert.ok(m.converged);
        const err = Math.max(maxAbsDiff(m.coef, f.coef), Math.abs(m.intercept - f.intercept));
        assert.ok(err <= 1e-3, `max |Δ| = ${err}`);
        const dec = m.decisionFunction(Xte);
        const scale = Math.max(1, ...f.decision_test.map(Math.abs));
        assert.ok(maxAbsDiff(dec, f.decision_test) <= 1e-3 * scale);
      });
    }
  });
}

describe("LogisticRegression optimality conditions", () => {
  const d = dataset(DATASETS[DATASETS.length - 1]);
  const X = new Preprocessor({ scaler: "standard" }).fit(d.train).transform(d.train);

  it("L2: the gradient of ½‖w‖² + loss (intercept weight included) vanishes", () => {
    const m = new LogisticRegression({ penalty: "l2", C: 0.7 }).fit(X, d.yTrain);
    const g = dataGradient(m, X, d.yTrain);
    const w = [...m.coef, m.intercept];
    assert.ok(Math.max(...g.map((v, j) => Math.abs(v + w[j]))) < 1e-7);
  });

  it("L1: zero weights have |∂loss| ≤ 1, non-zero weights have ∂loss = −sign(w) (intercept too)", () => {
    const m = new LogisticRegression({ penalty: "l1", C: 0.05 }).fit(X, d.yTrain);
    const g = dataGradient(m, X, d.yTrain);
    const w = [...m.coef, m.intercept];
    assert.ok(w.some((v) => v === 0), "C = 0.05 should zero out some weights");
    w.forEach((v, j) => {
      if (v === 0) assert.ok(Math.abs(g[j]) <= 1 + 1e-7, `feature ${j}: |g| = ${Math.abs(g[j])}`);
      else assert.ok(Math.abs(g[j] + Math.sign(v)) < 1e-7, `feature ${j}: g = ${g[j]}, w = ${v}`);
    });
  });

  it("penalises the intercept: a huge shift of the labels' base rate is not fully absorbed at small C", () => {
    const m = new LogisticRegression({ penalty: "l2", C: 1e-4 }).fit(X, d.yTrain);
    assert.ok(Math.abs(m.intercept) < 0.1);
  });

  it("warm start reaches the same optimum", () => {
    const a = new LogisticRegression({ penalty: "l1", C: 2 }).fit(X, d.yTrain);
    const b = new LogisticRegression({ penalty: "l1", C: 2 }).fit(X, d.yTrain, new LogisticRegression({ penalty: "l1", C: 0.5 }).fit(X, d.yTrain));
    assert.ok(maxAbsDiff(a.coef, b.coef) < 1e-8 && Math.abs(a.intercept - b.intercept) < 1e-8);
  });
});

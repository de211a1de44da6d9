import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import type { ScalerKind } from "../../../src/analysis/models/scoring.js";
import { plattProbability } from "../../../src/analysis/models/scoring.js";
import { SVC, sigmoidTrain, type Kernel } from "../../../src/analysis/models/svc.js";
import { DATASETS, dataset, fixture, maxAbsDiff } from "./helpers.js";

interface SvcFixture {
  scaler: ScalerKind;
  kernel: Kernel;
  C: number;
  gamma?: "scale" | number;
  degree?: number;
  gamma_value: number;
  n_support: number;
  support: number[];
  decision_test: number[];
}

for (const name of DATASETS) {
  describe(`SVC (libsvm-js + pure TS decision function) vs sklearn on ${name}`, () => {
    const d = dataset(name);
    for (const f of fixture<SvcFixture[]>(`${name}_svc.json`)) {
      it(`${f.scaler} ${f.kernel} C=${f.C}${f.gamma !== undefined ? ` gamma=${f.gamma}` : ""}${f.degree ? ` degree=${f.degree}` : ""}: decision values within 1e-3`, () => {
        const pre = new Preprocessor({ scaler: f.scaler }).fit(d.train);
        const m = new SVC({ kernel: f.kernel, C: f.C, gamma: f.gamma ?? "scale", degree: f.degree ?? 3 }).fit(pre.transform(d.train), d.yTrain);
        if (f.kernel !== "linear") assert.ok(Math.abs(m.gamma - f.gamma_value) <= 1e-12 * f.gamma_value);
        assert.deepEqual([...m.supportIndices].sort((a, b) => a - b), [...f.support].sort((a, b) => a - b));
        const err = maxAbsDiff(m.decisionFunction(pre.transform(d.test)), f.decision_test);
        assert.ok(err <= 1e-3, `max |Δ| = ${err}`);
      });
    }
  });
}

describe("Platt scaling (libsvm sigmoid_train)", () => {
  // decision values and labels with overlap, so the optimum is finite
  const dec = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.7) * 2 + (i % 3) * 0.3 - 0.4);
  const y = dec.map((v, i) => ((v + Math.cos(i * 2.3)) > 0 ? 1 : 0));

  it("finds the stationary point of the smoothed-target log loss", () => {
    const { a, b } = sigmoidTrain(dec, y);
    const pos = y.filter((v) => v === 1).length;
    const hi = (pos + 1) / (pos + 2);
    const lo = 1 / (y.length - pos + 2);
    let g1 = 0;
    let g2 = 0;
    dec.forEach((f, i) => {
      const p = 1 / (1 + Math.exp(a * f + b)); // P(y = 1)
      const t = y[i] === 1 ? hi : lo;
      g1 += f * (t - p);
      g2 += t - p;
    });
    assert.ok(Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5, `${g1} ${g2}`);
    assert.ok(a < 0, "larger decision values must mean a larger P(Снизилась)");
  });

  it("maps decisions to clamped probabilities", () => {
    assert.equal(plattProbability(0, 0, 0), 0.5);
    assert.equal(plattProbability(1e6, -1, 0), 1 - 1e-7);
    assert.equal(plattProbability(-1e6, -1, 0), 1e-7);
  });
});

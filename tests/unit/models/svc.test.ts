import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import type { ScalerKind } from "../../../src/analysis/models/scoring.js";
import { plattProbability } from "../../../src/analysis/models/scoring.js";
import { queryBase, queryKernel, SVC, type Kernel } from "../../../src/analysis/models/svc.js";
import { sigmoidTrain } from "../../../src/analysis/models/calibration.js";
import { DATASETS, dataset, fixture, maxAbsDiff } from "./helpers.js";

const require = createRequire(import.meta.url);

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
  intercept: number;
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
        // rho is read from libsvm's memory, not reconstructed: sklearn's intercept_ is −rho in our orientation
        assert.ok(Math.abs(-m.sign * m.rho - f.intercept) <= 1e-3, `intercept ${-m.sign * m.rho} vs ${f.intercept}`);
      });
    }
  });

  describe(`SVC on a precomputed kernel = libsvm-js with its own kernel (asm.js build) on ${name}`, () => {
    // The asm.js build computes the kernel itself (and is a separate compilation of the same C source): the support
    // set, its order and the coefficients must be the same; its text format rounds coef to 16 and rho to 6 digits.
    const AsmSvm = require("libsvm-js/asm.js");
    const d = dataset(name);
    const cases: { scaler: ScalerKind; kernel: Kernel; C: number; gamma: "scale" | number; degree: number }[] = [
      { scaler: "standard", kernel: "linear", C: 1, gamma: "scale", degree: 3 },
      { scaler: "standard", kernel: "rbf", C: 1, gamma: "scale", degree: 3 },
      { scaler: "minmax", kernel: "rbf", C: 10, gamma: 1, degree: 3 },
      { scaler: "minmax", kernel: "poly", C: 1, gamma: "scale", degree: 2 },
    ];
    for (const c of cases) {
      it(`${c.scaler} ${c.kernel} C=${c.C} gamma=${c.gamma} degree=${c.degree}`, () => {
        const X = new Preprocessor({ scaler: c.scaler }).fit(d.train).transform(d.train);
        const m = new SVC(c).fit(X, d.yTrain);
        const svm = new AsmSvm({ type: "0", kernel: { linear: "0", poly: "1", rbf: "2" }[c.kernel], cost: c.C, gamma: m.gamma, degree: c.degree, coef0: 0, tolerance: 1e-3, cacheSize: 200, shrinking: true, probabilityEstimates: false, quiet: true });
        const samples = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
        svm.train(samples, Array.from(d.yTrain, (v) => (v === 1 ? -1 : 1)));
        const text: string = svm.serializeModel();
        const indices: number[] = svm.getSVIndices();
        svm.free();
        const lines = text.split("\n");
        const coef = lines.slice(lines.indexOf("SV") + 1).filter((l) => l.trim() !== "").map((l) => Number(l.split(" ")[0]));
        const rho = Number(lines.find((l) => l.startsWith("rho "))!.split(" ")[1]);
        assert.deepEqual(m.supportIndices, indices);
        m.dualCoef.forEach((v, i) => assert.ok(Math.abs(v - coef[i]) <= 1e-15 * Math.max(1, Math.abs(v)), `coef ${i}: ${v} vs ${coef[i]}`));
        assert.ok(Math.abs(m.rho - rho) <= 5e-6 * Math.max(1, Math.abs(rho)), `rho ${m.rho} vs ${rho}`);
      });
    }

    it("decision values from a shared query kernel equal decisionFunction bit for bit", () => {
      for (const kernel of ["linear", "rbf", "poly"] as const) {
        const pre = new Preprocessor({ scaler: "standard" }).fit(d.train);
        const X = pre.transform(d.train);
        const Q = pre.transform(d.test);
        const m = new SVC({ kernel, C: 1 }).fit(X, d.yTrain);
        const K = queryKernel(m.kernelSpec(X), queryBase(X, Q, kernel === "rbf"));
        assert.deepEqual(m.decisionFromKernel(K, Q.rows), m.decisionFunction(Q));
      }
    });
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

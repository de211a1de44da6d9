import assert from "node:assert/strict";
import { test } from "node:test";
import { calibrate, crossFitCalibration, fitIsotonic, fitSigmoid, probabilityFloor } from "../../../src/analysis/models/calibration.js";
import { brierScore, expectedCalibrationError } from "../../../src/analysis/models/metrics.js";
import { makeRng } from "../../../src/analysis/models/rng.js";
import { fixture } from "./helpers.js";

interface Case {
  score: number[];
  y: number[];
  query: number[];
  isotonic: { x: number[]; y: number[]; predict: number[] };
  sigmoid: { a: number; b: number };
}
const { cases } = fixture<{ cases: Case[] }>("calibration_cases.json");

test("isotonic calibration agrees with sklearn's IsotonicRegression(out_of_bounds='clip'): thresholds and predictions", () => {
  for (const c of cases) {
    const iso = fitIsotonic(c.score, c.y);
    assert.equal(iso.x.length, c.isotonic.x.length, `thresholds (${c.score.length} rows)`);
    iso.x.forEach((x, i) => assert.ok(Math.abs(x - c.isotonic.x[i]) < 1e-12));
    iso.y.forEach((y, i) => assert.ok(Math.abs(y - c.isotonic.y[i]) < 1e-12, `y ${i}: ${y} vs ${c.isotonic.y[i]}`));
    // sklearn may return exactly 0 or 1; ours never does (the floor), otherwise the same map.
    c.query.forEach((q, i) => {
      const want = Math.min(1 - iso.floor, Math.max(iso.floor, c.isotonic.predict[i]));
      assert.ok(Math.abs(calibrate(iso, q) - want) < 1e-12, `query ${q}: ${calibrate(iso, q)} vs ${want}`);
    });
  }
});

test("sigmoid calibration agrees with sklearn's _sigmoid_calibration (Platt's targets) to the solvers' tolerance", () => {
  for (const c of cases) {
    const s = fitSigmoid(c.score, c.y);
    // Different solvers (libsvm's Newton here, L-BFGS in sklearn) stop at slightly different points.
    assert.ok(Math.abs(s.a - c.sigmoid.a) < 2e-3 * Math.max(1, Math.abs(c.sigmoid.a)), `a ${s.a} vs ${c.sigmoid.a}`);
    assert.ok(Math.abs(s.b - c.sigmoid.b) < 2e-3 * Math.max(1, Math.abs(c.sigmoid.b)), `b ${s.b} vs ${c.sigmoid.b}`);
    for (const q of c.query) {
      const want = Math.min(1 - s.floor, Math.max(s.floor, 1 / (1 + Math.exp(c.sigmoid.a * q + c.sigmoid.b))));
      assert.ok(Math.abs(calibrate(s, q) - want) < 1e-4, `query ${q}: ${calibrate(s, q)} vs ${want}`);
    }
  }
});

test("no calibrated probability is exactly 0 or 1, even where the data are all one class", () => {
  const score = [0, 0.1, 0.2, 0.8, 0.9, 1];
  const y = [0, 0, 0, 1, 1, 1];
  for (const c of [fitIsotonic(score, y), fitSigmoid(score, y)]) {
    for (const q of [-1e9, -1, 0, 0.5, 1, 1e9]) {
      const p = calibrate(c, q);
      assert.ok(p > 0 && p < 1, `${c.method} ${q} → ${p}`);
      assert.ok(p >= probabilityFloor(6) && p <= 1 - probabilityFloor(6));
    }
  }
});

test("cross-fitting: a row's calibrated probability never depends on its own label", () => {
  const rng = makeRng(7);
  const n = 400;
  const score = Array.from({ length: n }, () => rng.int(0, 1000) / 1000);
  const y: number[] = score.map((s) => (rng.int(0, 999) / 1000 < s * s ? 1 : 0));
  const folds = Array.from({ length: n }, (_, i) => i % 5);
  const fit = crossFitCalibration(score, y, folds, 5);
  for (const i of [0, 17, 123, 399]) {
    const flipped = y.slice();
    flipped[i] = 1 - flipped[i];
    const refit = crossFitCalibration(score, flipped, folds, 5);
    if (refit.method !== fit.method) continue; // the method choice is CV over all rows; same method → same fold calibrator
    assert.equal(refit.train_p[i], fit.train_p[i], `row ${i}`);
  }
  // The fold calibrator of row i is the one fitted without fold i.
  for (let i = 0; i < n; i++) assert.equal(fit.train_p[i], calibrate(fit.folds[folds[i]], score[i]));
  assert.ok(fit.cv_brier.isotonic > 0 && fit.cv_brier.sigmoid > 0);
});

test("Brier score and expected calibration error on hand-computed cases", () => {
  assert.equal(brierScore([1, 0], [0.75, 0.25]), 0.0625);
  // Bins of 0.1: p 0.05 ×2 (rate 0.5) and 0.95 ×2 (rate 1): ECE = ½·0.45 + ½·0.05.
  assert.ok(Math.abs(expectedCalibrationError([0, 1, 1, 1], [0.05, 0.05, 0.95, 0.95]) - 0.25) < 1e-12);
  assert.equal(expectedCalibrationError([0, 1], [0, 1]), 0);
});

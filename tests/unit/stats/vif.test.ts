import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix, inverse } from "ml-matrix";
import { varianceInflationFactors } from "../../../src/analysis/stats/vif.js";
import { seededRandom } from "./seeded-random.js";

// Columns of an 8×8 Hadamard matrix without the constant one: centred and mutually orthogonal, equal norms.
const u = [1, -1, 1, -1, 1, -1, 1, -1];
const v = [1, 1, -1, -1, 1, 1, -1, -1];
const w = [1, -1, -1, 1, 1, -1, -1, 1];
const z = [1, 1, 1, 1, -1, -1, -1, -1];

describe("varianceInflationFactors", () => {
  it("is 1 for orthogonal columns, whatever their offsets and scales", () => {
    const { values } = varianceInflationFactors([
      { name: "u", values: u.map((e) => 10 + e) },
      { name: "v", values: v.map((e) => -3 * e) },
      { name: "w", values: w },
      { name: "z", values: z.map((e) => 1000 + 0.5 * e) },
    ]);
    for (const value of values) assert.ok(Math.abs(value - 1) < 1e-9, `${value}`);
  });

  it("grows as 1/(1 − R²) for a near-collinear column", () => {
    // x3 = a·u + b·w with u ⟂ v ⟂ w: regressing x3 on (u, v) gives R² = a²/(a² + b²), so VIF = 1 + a²/b².
    // Symmetrically u on (v, x3) has the same R²; v stays orthogonal to both, VIF 1.
    for (const b of [1, 0.3, 0.1, 0.01]) {
      const a = 1;
      const expected = 1 / (1 - a ** 2 / (a ** 2 + b ** 2));
      const { columns, values } = varianceInflationFactors([
        { name: "x1", values: u },
        { name: "x2", values: v },
        { name: "x3", values: u.map((e, i) => a * e + b * w[i]) },
      ]);
      assert.deepEqual(columns, ["x1", "x2", "x3"]);
      assert.ok(Math.abs(values[0] / expected - 1) < 1e-9, `b=${b}: ${values[0]} vs ${expected}`);
      assert.ok(Math.abs(values[1] - 1) < 1e-9);
      assert.ok(Math.abs(values[2] / expected - 1) < 1e-9, `b=${b}: ${values[2]} vs ${expected}`);
    }
  });

  it("equals the diagonal of the inverse correlation matrix on random data", () => {
    const random = seededRandom(3);
    const n = 200;
    const base = Array.from({ length: 4 }, () => Array.from({ length: n }, () => random.normal()));
    const columns = [
      base[0],
      base[1],
      base[0].map((e, i) => e + 0.5 * base[1][i] + 0.2 * base[2][i]),
      base[3].map((e, i) => 3 * e - base[2][i]),
    ].map((values, k) => ({ name: `c${k}`, values }));
    const standardised = columns.map(({ values }) => {
      const mean = values.reduce((s, e) => s + e, 0) / n;
      const norm = Math.sqrt(values.reduce((s, e) => s + (e - mean) ** 2, 0));
      return values.map((e) => (e - mean) / norm);
    });
    const data = new Matrix(standardised).transpose();
    const correlation = data.transpose().mmul(data);
    const expected = inverse(correlation).diag();
    const { values } = varianceInflationFactors(columns);
    values.forEach((value, k) => assert.ok(Math.abs(value / expected[k] - 1) < 1e-9, `${value} vs ${expected[k]}`));
  });

  it("is Infinity for perfectly collinear and for constant columns, finite for the rest", () => {
    const { values } = varianceInflationFactors([
      { name: "a", values: u },
      { name: "b", values: u.map((e, i) => 2 * e - 3 * v[i] + 7) },
      { name: "c", values: v },
      { name: "d", values: w },
      { name: "constant", values: u.map(() => 4) },
    ]);
    assert.equal(values[0], Infinity);
    assert.equal(values[1], Infinity);
    assert.equal(values[2], Infinity);
    assert.ok(Math.abs(values[3] - 1) < 1e-9, `${values[3]}`);
    assert.equal(values[4], Infinity);
  });

  it("is Infinity for a combination that rounding leaves inexact, and the rest as if it were absent", () => {
    // c = 0.1a + 0.7b in floating point; d's factor must not depend on the collinear triple having three members.
    const a = [0.3, -1.7, 2.2, 0.9, -0.4, 1.1, -2.5, 0.6];
    const b = [1.3, 0.2, -0.7, 2.9, -1.4, 0.1, 0.8, -3.1];
    const c = a.map((e, i) => 0.1 * e + 0.7 * b[i]);
    const d = w.map((e, i) => e + 0.4 * a[i] - 0.2 * b[i] + 0.5 * z[i]);
    const { values } = varianceInflationFactors([a, b, c, d].map((values, k) => ({ name: `x${k}`, values })));
    assert.deepEqual(values.slice(0, 3), [Infinity, Infinity, Infinity]);
    const [, , withoutC] = varianceInflationFactors([a, b, d].map((values, k) => ({ name: `x${k}`, values }))).values;
    assert.ok(Number.isFinite(values[3]) && Math.abs(values[3] / withoutC - 1) < 1e-9, `${values[3]} vs ${withoutC}`);
  });

  it("drops rows with a missing value in any column", () => {
    const withGap = varianceInflationFactors([
      { name: "u", values: [...u, NaN] },
      { name: "x", values: [...u.map((e, i) => e + 0.5 * w[i]), 123] },
    ]);
    // Correlation of u and u + 0.5w is 1/√1.25, so VIF = 1/(1 − 1/1.25) = 5.
    for (const value of withGap.values) assert.ok(Math.abs(value - 5) < 1e-9, `${value}`);
  });
});

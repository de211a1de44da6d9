import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bivariateNormalCdf, bivariateNormalUpperTail, standardNormalCdf } from "../../../src/analysis/stats/bivariate-normal.js";

/** Independent check: P(X ≤ x, Y ≤ y) = ∫_{-∞}^{x} φ(t) Φ((y − ρt)/√(1 − ρ²)) dt, by composite Simpson on [-12, x]. */
function cdfBySimpson(x: number, y: number, rho: number): number {
  const lower = -12;
  const steps = 4000;
  const h = (x - lower) / steps;
  const scale = Math.sqrt(1 - rho * rho);
  const integrand = (t: number) => (Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI)) * standardNormalCdf((y - rho * t) / scale);
  let sum = integrand(lower) + integrand(x);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * integrand(lower + i * h);
  return (sum * h) / 3;
}

describe("standardNormalCdf", () => {
  it("matches tabulated values of Φ", () => {
    // Reference values: scipy.special.ndtr (Cephes erfc).
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1, 0.15865525393145707],
      [1.96, 0.9750021048517795],
      [-3, 0.0013498980316300933],
      [-5, 2.866515718791933e-7],
      [2.5, 0.9937903346742238],
    ];
    for (const [z, expected] of table) assert.ok(Math.abs(standardNormalCdf(z) - expected) < 1e-14, `Φ(${z})`);
  });

  it("is symmetric: Φ(z) + Φ(−z) = 1", () => {
    for (const z of [0.1, 0.7, 2.2, 6.5, 8]) assert.ok(Math.abs(standardNormalCdf(z) + standardNormalCdf(-z) - 1) < 1e-15);
  });
});

describe("bivariateNormalCdf", () => {
  it("equals the closed form 1/4 + asin(ρ)/(2π) at the origin, in every quadrature branch", () => {
    for (const rho of [-0.999, -0.95, -0.8, -0.5, -0.1, 0, 0.2, 0.5, 0.74, 0.8, 0.93, 0.99, 0.99999]) {
      const expected = 0.25 + Math.asin(rho) / (2 * Math.PI);
      assert.ok(Math.abs(bivariateNormalCdf(0, 0, rho) - expected) < 1e-14, `ρ = ${rho}`);
    }
  });

  it("factorises when ρ = 0 and collapses onto the diagonal when ρ = ±1", () => {
    for (const [x, y] of [[-1, 0.5], [2, -0.3], [0.4, 0.4], [-4, 3]]) {
      assert.ok(Math.abs(bivariateNormalCdf(x, y, 0) - standardNormalCdf(x) * standardNormalCdf(y)) < 1e-15);
      assert.ok(Math.abs(bivariateNormalCdf(x, y, 1) - standardNormalCdf(Math.min(x, y))) < 1e-15);
      const antithetic = Math.max(0, standardNormalCdf(x) + standardNormalCdf(y) - 1);
      assert.ok(Math.abs(bivariateNormalCdf(x, y, -1) - antithetic) < 1e-15);
    }
  });

  it("agrees with direct numerical integration away from the origin", () => {
    for (const rho of [-0.97, -0.6, 0.25, 0.5, 0.9, 0.95]) {
      for (const [x, y] of [[-1.3, 0.8], [2.1, 1.7], [-2.5, -3.1], [0.3, -0.2], [4, -1]]) {
        const got = bivariateNormalCdf(x, y, rho);
        const expected = cdfBySimpson(x, y, rho);
        assert.ok(Math.abs(got - expected) < 1e-10, `(${x}, ${y}, ρ=${rho}): ${got} vs ${expected}`);
      }
    }
  });

  it("is exchangeable in its two arguments and consistent with the upper tail", () => {
    for (const rho of [-0.7, 0.3, 0.95]) {
      const [x, y] = [0.6, -1.4];
      assert.ok(Math.abs(bivariateNormalCdf(x, y, rho) - bivariateNormalCdf(y, x, rho)) < 1e-15);
      // P(X > x, Y > y) = 1 − Φ(x) − Φ(y) + F(x, y)
      const upper = 1 - standardNormalCdf(x) - standardNormalCdf(y) + bivariateNormalCdf(x, y, rho);
      assert.ok(Math.abs(bivariateNormalUpperTail(x, y, rho) - upper) < 1e-14);
    }
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  equalWidthBinCodes,
  equalWidthBinEdges,
  phik,
  phikFromContingencyTable,
  phikMatrix,
} from "../../../src/analysis/stats/phik.js";
import type { Column } from "../../../src/analysis/stats/phik.js";
import { bivariateNormalCdf } from "../../../src/analysis/stats/bivariate-normal.js";
import { seededRandom } from "./seeded-random.js";

const interval = (values: number[]): Column => ({ kind: "interval", values });
const categorical = (values: (string | number | null)[]): Column => ({ kind: "categorical", values });

/** Cuts values into labelled categories at the given thresholds. */
function categorise(values: number[], thresholds: number[], labels: string[]): string[] {
  return values.map((v) => labels[thresholds.filter((t) => v >= t).length]);
}

/** n × the binned standard bivariate normal on phik's own reference grid ([-5, 5]², uniform bins). */
function expectedBivariateNormalTable(rho: number, bins: number, n: number): number[][] {
  const edges = Array.from({ length: bins + 1 }, (_, k) => -5 + (10 * k) / bins);
  const cdf = (i: number, j: number) => bivariateNormalCdf(edges[i], edges[j], rho);
  return Array.from({ length: bins }, (_, i) =>
    Array.from({ length: bins }, (_, j) => n * (cdf(i + 1, j + 1) - cdf(i, j + 1) - cdf(i + 1, j) + cdf(i, j))),
  );
}

describe("phik on bivariate normal data", () => {
  it("inverts the chi² of a noise-free binned bivariate normal back to ρ", () => {
    // Without sampling noise and without the noise pedestal, the chi² → ρ map must return ρ itself. Not
    // exactly: the table's margins lose the mass beyond ±5, which for high ρ shifts the edge cells' chi² terms.
    for (const bins of [4, 10]) {
      for (const rho of [0.1, 0.3, 0.6, 0.9, 0.97]) {
        const table = expectedBivariateNormalTable(rho, bins, 10_000);
        const value = phikFromContingencyTable(table, { noiseCorrection: false });
        assert.ok(Math.abs(value - rho) < 1e-3, `bins=${bins}, ρ=${rho}: ${value}`);
      }
    }
  });

  // On samples phi_K estimates |ρ|. Any single sample can be off by much more than 0.03: equal-width bins
  // put a lone extreme record in a near-empty corner cell whose chi² term is huge (phik behaves the same),
  // and 10 data bins over ±4σ vs the ±5σ reference grid bias ρ ≈ 0.6 upwards by ≈ 0.02. So the property
  // tested is that the median over several seeded samples lands within 0.03.
  const samplesPerRho = 15;
  for (const rho of [0, 0.3, 0.6, 0.9]) {
    it(`recovers |ρ| = ${rho} within 0.03: median of ${samplesPerRho} samples of n = 20000`, () => {
      const values: number[] = [];
      for (let s = 0; s < samplesPerRho; s++) {
        // Alternate the sign: phi_K measures the strength of association, not its direction.
        const signedRho = s % 2 === 0 ? rho : -rho;
        const { x, y } = seededRandom(20_000 + 100 * Math.round(rho * 10) + s).correlatedNormals(20_000, signedRho);
        values.push(phik(interval(x), interval(y)));
      }
      values.sort((a, b) => a - b);
      const median = values[(samplesPerRho - 1) / 2];
      assert.ok(Math.abs(median - rho) < 0.03, `median ${median}; all ${values.map((v) => v.toFixed(3)).join(" ")}`);
    });
  }

  it("does not depend on location, scale or monotone transforms of interval data beyond binning", () => {
    const { x, y } = seededRandom(5).correlatedNormals(3000, 0.5);
    const base = phik(interval(x), interval(y));
    const shifted = phik(interval(x.map((v) => 1000 + 50 * v)), interval(y.map((v) => -3 * v)));
    assert.ok(Math.abs(base - shifted) < 0.02, `${base} vs ${shifted}`);
  });
});

describe("phik properties", () => {
  const random = seededRandom(42);
  const { x, y } = random.correlatedNormals(1500, 0.55);
  const xCategories = categorise(x, [-1, 0, 0.8], ["низ", "ниже среднего", "выше среднего", "верх"]);
  const yCategories = categorise(y, [-0.3, 1], ["a", "b", "c"]);
  const pairs: [string, Column, Column][] = [
    ["interval × interval", interval(x), interval(y)],
    ["categorical × interval", categorical(xCategories), interval(y)],
    ["categorical × categorical", categorical(xCategories), categorical(yCategories)],
  ];

  for (const [label, a, b] of pairs) {
    it(`${label}: finds the association, symmetric, in [0, 1]`, () => {
      const forward = phik(a, b);
      const backward = phik(b, a);
      assert.ok(forward > 0.3 && forward <= 1, `phi_K = ${forward}`);
      assert.ok(Math.abs(forward - backward) < 1e-12, `${forward} vs ${backward}`);
    });
  }

  it("stays in [0, 1] across strengths, sample sizes and table shapes", () => {
    const sizes = [30, 200, 2000];
    for (const n of sizes) {
      for (const rho of [-0.95, -0.4, 0, 0.2, 0.7, 0.99]) {
        const sample = random.correlatedNormals(n, rho);
        const value = phik(interval(sample.x), categorical(categorise(sample.y, [0], ["lo", "hi"])));
        const both = phik(interval(sample.x), interval(sample.y), { bins: 7 });
        for (const v of [value, both]) assert.ok(v >= 0 && v <= 1, `n=${n}, ρ=${rho}: ${v}`);
      }
    }
  });

  it("is 1 for a perfect one-to-one association and 0 for an exactly independent table", () => {
    const levels = Array.from({ length: 600 }, (_, i) => ["a", "b", "c"][i % 3]);
    assert.equal(phik(categorical(levels), categorical(levels.map((l) => l.toUpperCase()))), 1);
    assert.equal(phikFromContingencyTable([[10, 20, 30], [20, 40, 60]]), 0);
  });

  it("is invariant to relabelling and reordering categories", () => {
    const renamed = (values: string[], mapping: Record<string, string>) => values.map((v) => mapping[v]);
    const base = phik(categorical(xCategories), categorical(yCategories));
    const relabelled = phik(
      categorical(renamed(xCategories, { низ: "z", "ниже среднего": "a", "выше среднего": "m", верх: "b" })),
      categorical(renamed(yCategories, { a: "3", b: "1", c: "2" })),
    );
    assert.equal(relabelled, base);
    // Numeric labels and a different order of first appearance (records reversed) change nothing either.
    const reversedX = [...xCategories].reverse();
    const reversedY = renamed([...yCategories].reverse(), { a: "30", b: "10", c: "20" }).map(Number);
    assert.ok(Math.abs(phik(categorical(reversedX), categorical(reversedY)) - base) < 1e-12);
  });

  it("ignores records with a missing value in either column", () => {
    const withGaps = [...xCategories, null, "низ"];
    const yWithGaps = [...y, 0.1, NaN];
    const clean = phik(categorical(xCategories), interval(y));
    assert.ok(Math.abs(phik(categorical(withGaps), interval(yWithGaps)) - clean) < 1e-12);
  });

  it("is NaN when a column has a single level", () => {
    assert.ok(Number.isNaN(phik(categorical(y.map(() => "same")), interval(y))));
    assert.ok(Number.isNaN(phik(interval(y.map(() => 3)), interval(y))));
  });

  it("never grows when noise correction is on", () => {
    const weak = random.correlatedNormals(400, 0.15);
    const corrected = phik(interval(weak.x), interval(weak.y));
    const uncorrected = phik(interval(weak.x), interval(weak.y), { noiseCorrection: false });
    assert.ok(uncorrected > corrected, `${uncorrected} vs ${corrected}`);
  });
});

describe("phikFromContingencyTable", () => {
  it("matches the closed form for a 2×2 table", () => {
    // On the 2×2 reference grid (split at 0) p_0 = 1/4 per cell and p_ρ deviates by ±asin(ρ)/(2π),
    // so S(ρ) = (2·asin(ρ)/π)², S(1) = 1 and phik's chi²(ρ) = 1 + (n − 1)·S(ρ) (pedestal 1, chi²_max = n).
    // Yates-corrected chi² of [[40,10],[10,40]]: E = 25, |O − E| = 14.5 → 4·14.5²/25.
    const chiSquare = (4 * 14.5 ** 2) / 25;
    const expected = Math.sin((Math.PI / 2) * Math.sqrt((chiSquare - 1) / (100 - 1)));
    // Tolerance covers the reference grid's truncation at ±5 and the solver's xtol = 1e-5.
    assert.ok(Math.abs(phikFromContingencyTable([[40, 10], [10, 40]]) - expected) < 1e-4);
  });

  it("agrees with phik's algorithm run on scipy", () => {
    // Reference values: a line-by-line transcription of phik's phik_from_hist2d / phik_from_chi2 /
    // estimate_simple_ndof, evaluated with scipy 1.10 (chi2_contingency, mvnun, brentq) — not this code.
    const cases: [number[][], number][] = [
      [[[10, 0, 3], [0, 0, 0], [2, 8, 1]], 0.8490367907558194],
      [[[5, 1], [2, 7]], 0.5861309806498238],
      [[[30, 2, 1, 0], [3, 25, 4, 1], [0, 2, 20, 6]], 0.7436897037789935],
      [[[12, 3, 0], [4, 9, 2]], 0.31035732554233864],
      [[[40, 10], [10, 40]], 0.7845333124058951],
    ];
    for (const [table, expected] of cases) {
      const got = phikFromContingencyTable(table);
      assert.ok(Math.abs(got - expected) < 1e-8, `${JSON.stringify(table)}: ${got} vs ${expected}`);
    }
  });
});

describe("equal-width binning", () => {
  it("builds phik's edges: linspace(min − 1e-14, max, bins + 1)", () => {
    const edges = equalWidthBinEdges([3, 1, NaN, 5], 4);
    assert.equal(edges.length, 5);
    assert.ok(edges[0] < 1 && 1 - edges[0] < 1e-13);
    assert.deepEqual(edges.slice(1).map((e) => Math.round(e * 1e9) / 1e9), [2, 3, 4, 5]);
  });

  it("puts a value on an inner edge in the bin that edge closes, and keeps the minimum", () => {
    // With a minimum of 1000 the 1e-14 offset is lost in rounding; phik would drop the minimum as underflow.
    const values = [1000, 1005, 1010, 1002.5, Infinity];
    const codes = equalWidthBinCodes(values, equalWidthBinEdges(values, 4));
    assert.deepEqual([...codes], [0, 1, 3, 0, -1]);
  });
});

describe("phikMatrix", () => {
  it("is symmetric with an exact unit diagonal and equals pairwise phik", () => {
    const random = seededRandom(9);
    const { x, y } = random.correlatedNormals(800, 0.7);
    const noise = Array.from({ length: 800 }, () => random.normal());
    const columns = [
      { name: "x", column: interval(x) },
      { name: "y", column: interval(y) },
      { name: "yClass", column: categorical(categorise(y, [0], ["low", "high"])) },
      { name: "noise", column: interval(noise) },
    ];
    const { columns: names, matrix } = phikMatrix(columns);
    assert.deepEqual(names, ["x", "y", "yClass", "noise"]);
    for (let i = 0; i < columns.length; i++) {
      assert.equal(matrix[i][i], 1);
      for (let j = 0; j < columns.length; j++) {
        assert.equal(matrix[i][j], matrix[j][i]);
        if (i < j) assert.equal(matrix[i][j], phik(columns[i].column, columns[j].column));
      }
    }
    assert.ok(matrix[0][1] > 0.6 && matrix[0][1] > matrix[0][3], JSON.stringify(matrix));
  });
});

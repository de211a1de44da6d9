import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { averageRanks, pearson, spearman, spearmanMatrix } from "../../../src/analysis/stats/spearman.js";

describe("averageRanks", () => {
  it("gives tied values the mean of the ranks they span", () => {
    assert.deepEqual(averageRanks([10, 20, 20, 5, 20, 7]), [3, 5, 5, 1, 5, 2]);
    assert.deepEqual(averageRanks([1, 2, 2, 3, 4]), [1, 2.5, 2.5, 4, 5]);
  });
});

describe("spearman", () => {
  it("matches a hand-computed example with ties", () => {
    // ranks x = [1, 2.5, 2.5, 4, 5], ranks y = [2, 1, 3.5, 3.5, 5]; both have mean 3.
    // Σ dx·dy = 2 + 1 − 0.25 + 0.5 + 4 = 7.25; Σ dx² = Σ dy² = 9.5 → ρ = 7.25 / 9.5.
    const rho = spearman([1, 2, 2, 3, 4], [2, 1, 3, 3, 5]);
    assert.ok(Math.abs(rho - 7.25 / 9.5) < 1e-15, `${rho}`);
  });

  it("is ±1 for monotone relations and unchanged by monotone transforms", () => {
    const x = [0.5, 3, -1, 8, 2.2, 4];
    assert.equal(spearman(x, x.map((v) => Math.exp(v))), 1);
    assert.equal(spearman(x, x.map((v) => -(v ** 3))), -1);
    const y = [1, 0, 2, 5, 3, 3];
    assert.ok(Math.abs(spearman(x, y) - spearman(x.map((v) => v * 10 + 4), y.map(Math.cbrt))) < 1e-15);
  });

  it("uses records where both values are finite", () => {
    assert.equal(spearman([1, 2, NaN, 3, 4], [2, 4, 100, 6, Infinity]), 1);
  });

  it("is NaN for a constant column", () => {
    assert.ok(Number.isNaN(spearman([1, 2, 3], [5, 5, 5])));
    assert.ok(Number.isNaN(pearson([1], [2])));
  });
});

describe("spearmanMatrix", () => {
  it("is symmetric with a unit diagonal and equals pairwise spearman (pairwise complete records)", () => {
    const columns = [
      { name: "a", values: [1, 2, 3, 4, 5, 6] },
      { name: "b", values: [2, 1, 4, 3, 6, 5] },
      { name: "c", values: [6, NaN, 4, 3, 1, 2] },
    ];
    const { columns: names, matrix } = spearmanMatrix(columns);
    assert.deepEqual(names, ["a", "b", "c"]);
    for (let i = 0; i < 3; i++) {
      assert.equal(matrix[i][i], 1);
      for (let j = 0; j < 3; j++) {
        assert.equal(matrix[i][j], matrix[j][i]);
        if (i !== j) assert.equal(matrix[i][j], spearman(columns[i].values, columns[j].values));
      }
    }
    // a and b: ranks differ by swaps of neighbours, Σd² = 6 → 1 − 6·6 / (6·35) = 29/35 (no ties).
    assert.ok(Math.abs(matrix[0][1] - 29 / 35) < 1e-15);
  });
});

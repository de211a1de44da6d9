import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  crossTabulate,
  degreesOfFreedom,
  dropEmptyRowsAndColumns,
  expectedFrequencies,
  pearsonChiSquare,
} from "../../../src/analysis/stats/contingency.js";

describe("crossTabulate", () => {
  it("counts code pairs, skips missing codes and drops levels left empty", () => {
    // Level 2 of the rows only occurs with a missing column code, so its row disappears.
    const table = crossTabulate([0, 0, 1, 1, 1, 2, -1], 3, [0, 1, 1, 1, 0, -1, 0], 2);
    assert.deepEqual(table, [
      [1, 1],
      [1, 2],
    ]);
  });
});

describe("dropEmptyRowsAndColumns", () => {
  it("removes all-zero rows and columns only", () => {
    assert.deepEqual(
      dropEmptyRowsAndColumns([
        [1, 0, 2],
        [0, 0, 0],
        [3, 0, 4],
      ]),
      [
        [1, 2],
        [3, 4],
      ],
    );
  });
});

describe("pearsonChiSquare", () => {
  it("computes Σ (O − E)² / E for a 2×3 table", () => {
    // Margins: rows 30, 30; columns 20, 20, 20; N = 60, so every E = 10.
    const table = [
      [15, 10, 5],
      [5, 10, 15],
    ];
    assert.deepEqual(expectedFrequencies(table), [
      [10, 10, 10],
      [10, 10, 10],
    ]);
    assert.equal(degreesOfFreedom(table), 2);
    // (25 + 0 + 25 + 25 + 0 + 25) / 10
    assert.equal(pearsonChiSquare(table), 10);
  });

  it("applies Yates' continuity correction to a 2×2 table, as scipy does", () => {
    // E = 10 everywhere; |O − E| = 5 shrinks to 4.5: 4 × 4.5² / 10.
    const table = [
      [15, 5],
      [5, 15],
    ];
    assert.ok(Math.abs(pearsonChiSquare(table) - (4 * 4.5 ** 2) / 10) < 1e-12);
  });

  it("never moves a 2×2 cell past its expectation", () => {
    // E = 10.25 and 9.75 vs O = 10 and 10: the correction stops at |O − E| = 0.25, giving chi² = 0.
    const table = [
      [10, 10],
      [10, 9.5],
    ];
    assert.ok(pearsonChiSquare(table) < 1e-12);
  });

  it("is zero for a table that is exactly independent", () => {
    assert.equal(
      pearsonChiSquare([
        [2, 4, 6],
        [3, 6, 9],
      ]),
      0,
    );
  });
});

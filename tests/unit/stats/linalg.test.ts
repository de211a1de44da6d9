import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cholesky, solveCholesky, solveSpd, type Matrix } from "../../../src/analysis/stats/linalg.js";

const matrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
const times = (A: Matrix, x: ArrayLike<number>) =>
  Array.from({ length: A.rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * x[j];
    return s;
  });
/** The Gram matrix XᵀX of columns. */
const gram = (columns: number[][]) => matrix(columns.map((a) => columns.map((b) => a.reduce((s, e, r) => s + e * b[r], 0))));

// Columns of an 8×8 Hadamard matrix: mutually orthogonal, norm² 8.
const u = [1, -1, 1, -1, 1, -1, 1, -1];
const v = [1, 1, -1, -1, 1, 1, -1, -1];
const w = [1, -1, -1, 1, 1, -1, -1, 1];

describe("cholesky / solveSpd", () => {
  it("solves a system whose columns differ in scale by 10 orders of magnitude", () => {
    // A = S B S with B = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]] and S = diag(1e5, 1, 1e-5); x = (1e-5, 2, -3e5).
    const s = [1e5, 1, 1e-5];
    const B = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const A = matrix(B.map((row, i) => row.map((e, j) => s[i] * e * s[j])));
    const x = [1e-5, 2, -3e5];
    const solved = solveSpd(A, times(A, x));
    solved.forEach((e, k) => assert.ok(Math.abs(e / x[k] - 1) < 1e-12, `x${k}: ${e} vs ${x[k]}`));
    assert.deepEqual(Array.from(cholesky(A).dropped), [false, false, false]);
  });

  it("gives each column's share left unexplained by the columns before it (1 − R² on a Gram matrix)", () => {
    // u; v ⟂ u; u + w, half of whose variance u explains.
    const { shares, dropped } = cholesky(gram([u, v, u.map((e, i) => e + w[i])]));
    [1, 1, 0.5].forEach((expected, k) => assert.ok(Math.abs(shares[k] - expected) < 1e-12, `share ${k}: ${shares[k]}`));
    assert.deepEqual(dropped, [false, false, false]);
  });

  it("drops a column that is an exact combination of the ones before it, and still solves a consistent system", () => {
    // c = 0.1a + 0.7b in floating point: rounding leaves c a share of ~1e-16 of its own, not exactly 0.
    const a = [0.3, -1.7, 2.2, 0.9, -0.4, 1.1, -2.5, 0.6];
    const b = [1.3, 0.2, -0.7, 2.9, -1.4, 0.1, 0.8, -3.1];
    const A = gram([a, b, a.map((e, i) => 0.1 * e + 0.7 * b[i]), w]);
    const factor = cholesky(A, 1e-12);
    assert.deepEqual(factor.dropped, [false, false, true, false]);
    assert.ok(Math.abs(factor.shares[2]) <= 1e-12, `${factor.shares[2]}`);
    // b = A·(1, 1, 1, 1) lies in A's range; the solution with x₂ = 0 is (1.1, 1.7, 0, 1).
    const x = solveCholesky(factor, times(A, [1, 1, 1, 1]));
    assert.equal(x[2], 0);
    [1.1, 1.7, 0, 1].forEach((expected, k) => assert.ok(Math.abs(x[k] - expected) < 1e-9, `x${k}: ${x[k]}`));
  });

  it("refuses a matrix that is not square", () => {
    assert.throws(() => cholesky(matrix([[1, 2]])), /not square/);
  });
});

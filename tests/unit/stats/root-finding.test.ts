import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { brentRoot } from "../../../src/analysis/stats/root-finding.js";

describe("brentRoot", () => {
  it("finds roots within the requested tolerance", () => {
    assert.ok(Math.abs(brentRoot((x) => x ** 3 - 2, 0, 2) - Math.cbrt(2)) < 1e-11);
    assert.ok(Math.abs(brentRoot(Math.cos, 0, 3) - Math.PI / 2) < 1e-11);
    assert.ok(Math.abs(brentRoot((x) => Math.exp(x) - 5, -10, 10, { xtol: 1e-5 }) - Math.log(5)) < 1e-5);
  });

  it("returns an endpoint that is already a root", () => {
    assert.equal(brentRoot((x) => x - 1, 1, 3), 1);
  });

  it("rejects a bracket without a sign change", () => {
    assert.throws(() => brentRoot((x) => x * x + 1, -1, 1), /different signs/);
  });
});

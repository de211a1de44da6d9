import assert from "node:assert/strict";
import { test } from "node:test";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { makeRng, rngFrom, shuffleFirst, shuffleInPlace } from "../../../src/analysis/models/rng.js";
import { customerRng, randomPermutation, sampleBackground } from "../../../src/analysis/explain/background.js";
import { customers } from "../explain/helpers.js";

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

test("shuffleInPlace is a permutation, seeded: the same seed gives the same order", () => {
  const a = identity(50);
  shuffleInPlace(a, makeRng(7));
  assert.deepEqual([...a].sort((x, y) => x - y), [...identity(50)]);
  assert.notDeepEqual(a, identity(50));
  const b = identity(50);
  shuffleInPlace(b, makeRng(7));
  assert.deepEqual(a, b);
});

test("the explainers' shuffles are these two, draw for draw (background.ts can use them and keep its bytes)", () => {
  for (const [seed, id, m] of [[1, 5, 16], [42, 123_456_789, 7], [3, 0, 1]] as const) {
    const theirs = new Int32Array(m);
    randomPermutation(customerRng(seed, id), theirs);
    const ours = identity(m);
    shuffleInPlace(ours, rngFrom(customerRng(seed, id)));
    assert.deepEqual(ours, theirs);
  }
  const cs = customers(40, 901);
  for (const [size, seed] of [[10, 0], [39, 17], [1, 5]]) {
    const sorted = [...cs].sort((a, b) => a.id - b.id);
    const idx = identity(sorted.length);
    shuffleFirst(idx, size, rngFrom(xoroshiro128plus(seed | 0)));
    const ours = Array.from(idx.subarray(0, size)).sort((a, b) => a - b).map((i) => sorted[i].id);
    assert.deepEqual(ours, sampleBackground(cs, size, seed).map((c) => c.id));
  }
});

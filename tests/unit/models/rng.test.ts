import assert from "node:assert/strict";
import { test } from "node:test";
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

test("the explainers draw through these shuffles and the one seeded generator", () => {
  for (const [seed, id, m] of [[1, 5, 16], [42, 123_456_789, 7], [3, 0, 1]] as const) {
    const theirs = new Int32Array(m);
    randomPermutation(customerRng(seed, id), theirs);
    const ours = identity(m);
    shuffleInPlace(ours, customerRng(seed, id));
    assert.deepEqual(ours, theirs);
  }
  const cs = customers(40, 901);
  for (const [size, seed] of [[10, 0], [39, 17], [1, 5]]) {
    const sorted = [...cs].sort((a, b) => a.id - b.id);
    const idx = identity(sorted.length);
    shuffleFirst(idx, size, makeRng(seed));
    const ours = Array.from(idx.subarray(0, size)).sort((a, b) => a - b).map((i) => sorted[i].id);
    assert.deepEqual(ours, sampleBackground(cs, size, seed).map((c) => c.id));
  }
});

test("the background's seeds are warmed up: neighbouring seeds draw unrelated customers (a raw xoroshiro128+ drew 647, 646, 645 …)", () => {
  const cs = customers(1000, 902);
  const first = Array.from({ length: 20 }, (_, seed) => sampleBackground(cs, 1, seed)[0].id);
  const steps = first.slice(1).map((id, i) => id - first[i]);
  assert.ok(new Set(steps).size > 10, `the first draws of seeds 0..19 step by ${steps.join(", ")}`);
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stratifiedKFold, stratifiedSample, stratifiedSplit } from "../../../src/analysis/models/split.js";
import { DATASETS, dataset } from "./helpers.js";

describe("stratifiedKFold", () => {
  for (const name of DATASETS) {
    it(`assigns the same folds as sklearn StratifiedKFold(5, shuffle=False) on ${name}`, () => {
      const d = dataset(name);
      assert.deepEqual(Array.from(stratifiedKFold(d.yTrain, 5)), Array.from(d.folds));
    });
  }

  it("keeps per-class fold sizes within one of each other", () => {
    const y = Array.from({ length: 103 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const folds = stratifiedKFold(y, 5);
    for (const cls of [0, 1]) {
      const sizes = [0, 1, 2, 3, 4].map((f) => y.filter((v, i) => v === cls && folds[i] === f).length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `class ${cls}: ${sizes}`);
    }
  });

  it("refuses a class smaller than the number of folds", () => {
    assert.throws(() => stratifiedKFold([1, 1, 1, 0, 0, 0, 0, 0, 0], 5));
  });
});

describe("stratifiedSplit", () => {
  const y = Array.from({ length: 1297 }, (_, i) => (i % 13 < 5 ? 1 : 0));
  const pos = y.filter((v) => v === 1).length;

  it("takes ceil(25 %) of the rows and each class in proportion", () => {
    const { train, test } = stratifiedSplit(y, 0.25, 42);
    assert.equal(test.length, Math.ceil(0.25 * y.length));
    assert.equal(train.length + test.length, y.length);
    assert.equal(new Set([...train, ...test]).size, y.length);
    const testPos = test.filter((i) => y[i] === 1).length;
    assert.ok(Math.abs(testPos - (pos * test.length) / y.length) <= 1);
  });

  it("is a pure function of the seed", () => {
    assert.deepEqual(stratifiedSplit(y, 0.25, 42), stratifiedSplit(y, 0.25, 42));
    assert.notDeepEqual(stratifiedSplit(y, 0.25, 42).test, stratifiedSplit(y, 0.25, 43).test);
  });

  it("lists the test part ascending and the training part in a shuffled (CV) order", () => {
    const { train, test } = stratifiedSplit(y, 0.25, 42);
    assert.deepEqual(test, [...test].sort((a, b) => a - b));
    assert.notDeepEqual(train, [...train].sort((a, b) => a - b));
  });
});

describe("group-aware splitting (copied customers stay together)", () => {
  // 60 rows, classes 1:2; rows 0–9 form 5 pairs (each pair one class), row 59 joins row 58's group.
  const y = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const groups = Int32Array.from(y, (_, i) => i);
  for (let k = 0; k < 5; k++) {
    const [a, b] = [2 * k, 2 * k + 1 + (k % 2 ? 0 : 2)];
    if (y[a] === y[b]) groups[b] = a;
  }
  groups[59] = y[59] === y[56] ? 56 : 59;
  const pairs = Array.from(groups, (g, i) => [g, i] as const).filter(([g, i]) => g !== i);

  it("has some groups to test", () => assert.ok(pairs.length >= 3, String(pairs)));

  it("never puts a group on both sides of the train/test split, for any seed", () => {
    for (let seed = 0; seed < 50; seed++) {
      const { train, test } = stratifiedSplit(y, 0.25, seed, groups);
      const inTest = new Set(test);
      for (const [a, b] of pairs) assert.equal(inTest.has(a), inTest.has(b), `seed ${seed}: rows ${a} and ${b}`);
      assert.equal(train.length + test.length, y.length);
      assert.equal(test.length, 15);
    }
  });

  it("never puts a group in two CV folds", () => {
    const { train } = stratifiedSplit(y, 0.25, 42, groups);
    const folds = stratifiedKFold(Uint8Array.from(train, (i) => y[i]), 5, Int32Array.from(train, (i) => groups[i]));
    const foldOf = new Map(train.map((row, k) => [row, folds[k]]));
    for (const [a, b] of pairs) if (foldOf.has(a)) assert.equal(foldOf.get(a), foldOf.get(b), `rows ${a} and ${b}`);
    for (const cls of [0, 1]) for (let f = 0; f < 5; f++) assert.ok(train.some((row, k) => y[row] === cls && folds[k] === f), `class ${cls} in fold ${f}`);
  });

  it("takes or leaves a group whole when sampling", () => {
    for (let seed = 0; seed < 20; seed++) {
      const picked = new Set(stratifiedSample(y, 30, seed, groups));
      for (const [a, b] of pairs) assert.equal(picked.has(a), picked.has(b));
    }
  });

  it("gives exactly the group-free result when every group is one row (sklearn parity holds)", () => {
    const own = Int32Array.from(y, (_, i) => i);
    assert.deepEqual(stratifiedSplit(y, 0.25, 42, own), stratifiedSplit(y, 0.25, 42));
    assert.deepEqual(stratifiedKFold(y, 5, own), stratifiedKFold(y, 5));
    assert.deepEqual(stratifiedSample(y, 30, 7, own), stratifiedSample(y, 30, 7));
    for (const name of DATASETS) {
      const d = dataset(name);
      assert.deepEqual(Array.from(stratifiedKFold(d.yTrain, 5, Int32Array.from(d.yTrain, (_, i) => i))), Array.from(d.folds));
    }
  });

  it("refuses a group that mixes the classes", () => {
    const mixed = Int32Array.from(y, (_, i) => i);
    mixed[1] = 0; // rows 0 (class 1) and 1 (class 0)
    assert.throws(() => stratifiedSplit(y, 0.25, 42, mixed), /mixes both classes/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stratifiedKFold, stratifiedSplit } from "../../../src/analysis/models/split.js";
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

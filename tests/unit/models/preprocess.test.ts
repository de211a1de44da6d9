import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Preprocessor, SCALERS } from "../../../src/analysis/models/preprocess.js";
import { toRows } from "../../../src/analysis/stats/linalg.js";
import { transformCustomer } from "../../../src/analysis/models/scoring.js";
import { NUMERIC_FEATURES } from "../../../src/analysis/schema.js";
import { DATASETS, dataset, fixture, maxAbsDiff } from "./helpers.js";

interface PreFixture {
  scalers: Record<string, { feature_names: string[]; mean?: number[]; scale?: number[]; min?: number[]; X_train?: number[][]; X_train_head?: number[][]; X_test: number[][] }>;
}

for (const name of DATASETS) {
  describe(`Preprocessor vs sklearn ColumnTransformer on ${name}`, () => {
    const d = dataset(name);
    const fx = fixture<PreFixture>(`${name}_preprocess.json`);
    for (const scaler of SCALERS) {
      const ref = fx.scalers[scaler];
      const pre = new Preprocessor({ scaler }).fit(d.train);

      it(`${scaler}: same feature names and order`, () => {
        assert.deepEqual(pre.featureNames(), ref.feature_names);
      });

      it(`${scaler}: same fitted statistics`, () => {
        const p = pre.toJSON();
        if (scaler === "standard") {
          assert.ok(maxAbsDiff(p.numeric.map((s) => s.offset), ref.mean!) <= 1e-9);
          assert.ok(maxAbsDiff(p.numeric.map((s) => s.scale / ref.scale![NUMERIC_FEATURES.indexOf(s.name as never)]), p.numeric.map(() => 1)) <= 1e-12);
        } else if (scaler === "minmax") {
          assert.ok(maxAbsDiff(p.numeric.map((s) => s.scale), ref.scale!) <= 1e-15);
          assert.ok(maxAbsDiff(p.numeric.map((s) => s.offset), ref.min!) <= 1e-12);
        }
      });

      it(`${scaler}: same transformed rows (train and test, fitted on train only)`, () => {
        const test = toRows(pre.transform(d.test));
        ref.X_test.forEach((row, i) => assert.ok(maxAbsDiff(test[i], row) <= 1e-12, `test row ${i}`));
        const train = toRows(pre.transform(d.train));
        (ref.X_train ?? ref.X_train_head!).forEach((row, i) => assert.ok(maxAbsDiff(train[i], row) <= 1e-12, `train row ${i}`));
      });
    }
  });
}

describe("Preprocessor semantics", () => {
  const d = dataset("tiny");
  const pre = new Preprocessor({ scaler: "standard" }).fit(d.train);

  it("drops the first level in sorted order and encodes an unseen level as all zeros", () => {
    const json = pre.toJSON();
    const cat = json.one_hot.find((s) => s.name === "Популярная_категория")!;
    const levels = [cat.dropped, ...cat.categories];
    assert.deepEqual(levels, [...levels].sort());
    const unseen = { ...d.train[0], Популярная_категория: "Новая категория" };
    const x = transformCustomer(json, unseen);
    const cols = pre.featureSources().map((s, j) => (s === "Популярная_категория" ? j : -1)).filter((j) => j >= 0);
    assert.ok(cols.length === cat.categories.length && cols.every((j) => x[j] === 0));
  });

  it("encodes «Тип сервиса» as стандарт = 0 < премиум = 1 and leaves profit and id out", () => {
    const j = pre.featureNames().indexOf("Тип сервиса");
    assert.equal(transformCustomer(pre.toJSON(), { ...d.train[0], "Тип сервиса": "стандарт" })[j], 0);
    assert.equal(transformCustomer(pre.toJSON(), { ...d.train[0], "Тип сервиса": "премиум" })[j], 1);
    assert.ok(!pre.featureNames().some((n) => n === "Прибыль" || n === "id"));
  });

  it("maps every output column back to its source column", () => {
    const sources = pre.featureSources();
    assert.equal(sources.length, pre.featureNames().length);
    pre.featureNames().forEach((n, j) => assert.ok(n === sources[j] || n.startsWith(`${sources[j]}_`)));
  });

  it("does not look at rows it is not fitted on", () => {
    const a = new Preprocessor({ scaler: "minmax" }).fit(d.train).toJSON();
    const b = new Preprocessor({ scaler: "minmax" }).fit([...d.train, ...d.test.map((c) => ({ ...c, Длительность: 10_000 }))]).toJSON();
    assert.notDeepEqual(a.numeric, b.numeric);
  });
});

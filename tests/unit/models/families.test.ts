import assert from "node:assert/strict";
import { test } from "node:test";
import { FAMILY_FIT } from "../../../src/analysis/models/estimators.js";
import { FAMILY, familyOf } from "../../../src/analysis/models/families.js";
import { FAMILY_CODE } from "../../../src/analysis/models/families/index.js";
import { FAMILIES } from "../../../src/analysis/models/grid.js";
import { artifact, preprocessor } from "../explain/helpers.js";

test("one descriptor, one scorer and one fit per family of the grid, all keyed by its one name", () => {
  for (const table of [FAMILY, FAMILY_CODE, FAMILY_FIT]) assert.deepEqual(Object.keys(table).sort(), [...FAMILIES].sort());
  assert.deepEqual(FAMILIES.filter((f) => FAMILY[f].explainer !== "permutation"), ["logistic_regression", "decision_tree"]);
  assert.deepEqual(FAMILIES.filter((f) => FAMILY[f].hasDecisionFunction), ["logistic_regression", "svc"]);
});

test("familyOf looks a model's descriptor up by its family", () => {
  const pre = preprocessor(["Минут_текущий_месяц"]);
  const knn = artifact("knn", pre, { n_neighbors: 1, weights: "uniform", metric: "euclidean", raw_X: [], y: [] });
  assert.equal(familyOf(knn), FAMILY.knn);
});

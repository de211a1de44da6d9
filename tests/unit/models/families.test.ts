import assert from "node:assert/strict";
import { test } from "node:test";
import { FAMILY, familyOf } from "../../../src/analysis/models/families.js";
import { FAMILIES } from "../../../src/analysis/models/grid.js";
import type { ModelArtifact } from "../../../src/analysis/models/scoring.js";
import { artifact, preprocessor } from "../explain/helpers.js";

test("one descriptor per family of the grid, each naming its artifacts' estimator kind", () => {
  assert.deepEqual(Object.keys(FAMILY).sort(), [...FAMILIES].sort());
  assert.deepEqual(FAMILIES.map((f) => FAMILY[f].estimatorKind), ["linear", "knn", "tree", "svc"]);
  assert.deepEqual(FAMILIES.filter((f) => FAMILY[f].explainer !== "permutation"), ["logistic_regression", "decision_tree"]);
  assert.deepEqual(FAMILIES.filter((f) => FAMILY[f].hasDecisionFunction), ["logistic_regression", "svc"]);
});

test("familyOf refuses a model whose estimator belongs to another family", () => {
  const pre = preprocessor(["Минут_текущий_месяц"]);
  const knn = artifact("knn", pre, { kind: "knn", n_neighbors: 1, weights: "uniform", metric: "euclidean", raw_X: [], y: [] });
  assert.equal(familyOf(knn), FAMILY.knn);
  assert.throws(() => familyOf({ ...knn, family: "svc" } as ModelArtifact), /a svc model with a knn estimator/);
});

// Each family's scoring code, by `Family`: the one table the scorers look a model up in.
// Adding a family: its module here (score, batchScore, oofProbability), its fit in estimators.ts FAMILY_FIT, its
// descriptor in families.ts. A family missing from a table is a compile error.

import type { Family, ModelArtifactOf } from "../artifact.js";
import type { FamilyCode } from "./code.js";
import { knnCode } from "./knn.js";
import { logisticCode } from "./logistic.js";
import { svcCode } from "./svc.js";
import { treeCode } from "./tree.js";

export type { FamilyCode, RowScorer } from "./code.js";

type CodeTable = { readonly [F in Family]: FamilyCode<F> };

export const FAMILY_CODE: CodeTable = {
  logistic_regression: logisticCode,
  knn: knnCode,
  decision_tree: treeCode,
  svc: svcCode,
};

/** The scoring code of a model's family. */
export function codeOf<F extends Family>(model: ModelArtifactOf<F>): FamilyCode<F> {
  return FAMILY_CODE[model.family];
}

// Decision tree's scoring: the value of the leaf a row falls into.

import { treeLeaf } from "../artifact.js";
import type { FamilyCode } from "./code.js";

export const treeCode: FamilyCode<"decision_tree"> = {
  score: ({ estimator: est }) => (x) => est.value[treeLeaf(est, x)],
  batchScore: ({ estimator: est }) => (x) => est.value[treeLeaf(est, x)],
  oofProbability: (_model, oof) => oof.slice(),
};

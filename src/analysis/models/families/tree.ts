// Decision tree's scoring: the value of the leaf a row falls into.

import { treeLeaf, type TreeEstimator } from "../artifact.js";
import type { FamilyCode } from "./code.js";

export const treeCode: FamilyCode<TreeEstimator> = {
  score: (_model, est) => (x) => est.value[treeLeaf(est, x)],
  batchScore: (_model, est) => (x) => est.value[treeLeaf(est, x)],
  oofProbability: (_est, oof) => oof.slice(),
};

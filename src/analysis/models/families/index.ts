// Each family's scoring code, by the `estimator.kind` of its artifacts: the one table the scorers look a model up in.
// Adding a family: its module here (score, batchScore, oofProbability), its fit in estimators.ts FAMILY_FIT, its
// descriptor in families.ts. A kind missing from a table is a compile error.

import type { Estimator } from "../artifact.js";
import type { FamilyCode } from "./code.js";
import { knnCode } from "./knn.js";
import { logisticCode } from "./logistic.js";
import { svcCode } from "./svc.js";
import { treeCode } from "./tree.js";

export type { FamilyCode, RowScorer } from "./code.js";

export const FAMILY_CODE: { readonly [K in Estimator["kind"]]: FamilyCode<Extract<Estimator, { kind: K }>> } = {
  linear: logisticCode,
  knn: knnCode,
  tree: treeCode,
  svc: svcCode,
};

/** The scoring code of an estimator's family. */
export function codeOf<E extends Estimator>(est: E): FamilyCode<E> {
  return FAMILY_CODE[est.kind] as unknown as FamilyCode<E>;
}

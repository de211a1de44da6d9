// Logistic regression's scoring: sigmoid of the linear decision.

import { linearDecision, sigmoid } from "../artifact.js";
import type { FamilyCode } from "./code.js";

export const logisticCode: FamilyCode<"logistic_regression"> = {
  score: ({ estimator: est }) => (x) => sigmoid(linearDecision(est.coef, est.intercept, x)),
  batchScore: ({ estimator: est }) => (x) => sigmoid(linearDecision(est.coef, est.intercept, x)),
  oofProbability: (_model, oof) => oof.map(sigmoid),
};

// Logistic regression's scoring: sigmoid of the linear decision.

import { linearDecision, sigmoid, type LinearEstimator } from "../artifact.js";
import type { FamilyCode } from "./code.js";

export const logisticCode: FamilyCode<LinearEstimator> = {
  score: (_model, est) => (x) => sigmoid(linearDecision(est.coef, est.intercept, x)),
  batchScore: (_model, est) => (x) => sigmoid(linearDecision(est.coef, est.intercept, x)),
  oofProbability: (_est, oof) => oof.map(sigmoid),
};

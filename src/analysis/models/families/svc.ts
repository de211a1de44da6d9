// Support vector classifier's scoring: Platt's sigmoid of the decision value against the scaled support vectors.

import { plattProbability, scaledRows, svmDecision } from "../artifact.js";
import { svmDecisionAt } from "../batch-kernels.js";
import type { FamilyCode } from "./code.js";

export const svcCode: FamilyCode<"svc"> = {
  score(model) {
    const est = model.estimator;
    const d = model.preprocessor.feature_names.length;
    const sv = scaledRows(model.preprocessor, est.raw_support_vectors);
    return (x) => plattProbability(svmDecision(est, sv, d, x), est.prob_a, est.prob_b);
  },
  batchScore(model) {
    const est = model.estimator;
    const d = model.preprocessor.feature_names.length;
    const sv = scaledRows(model.preprocessor, est.raw_support_vectors);
    const coef = Float64Array.from(est.dual_coef);
    return (x) => plattProbability(svmDecisionAt(est, coef, sv, d, x, 0), est.prob_a, est.prob_b);
  },
  oofProbability: ({ estimator: est }, oof) => oof.map((f) => plattProbability(f, est.prob_a, est.prob_b)),
};

// One descriptor per model family: what the rest of the core needs to know about a family, in one place (the
// ranking score, the explain budget, how it is explained). Data and arithmetic only, no
// estimator code: the browser may import it. A family has one name, `Family` ("logistic_regression", …): a model
// artifact's `family`, which also tells its estimator's format (artifact.ts EstimatorByFamily).
// A family's code: its scoring in families/<family>.ts (table FAMILY_CODE, browser-safe), its fit and its CV work
// sharing in estimators.ts FAMILY_FIT, its SHAP evaluator in explain/hybrid/index.ts.

import type { EstimatorOf, Family, ModelArtifact } from "./scoring.js";

export interface FamilyDescriptor<F extends Family> {
  /** How SHAP explains it by default: exactly from the model's structure, or by sampled permutations. */
  readonly explainer: "linear" | "tree" | "permutation";
  /** Whether the ranking score is a decision function (else P(y = 1)), as sklearn's roc_auc scorer picks. */
  readonly hasDecisionFunction: boolean;
  /** Estimated CPU-milliseconds to explain one customer (explain/report.ts SHAP_BUDGET_MS says how it was measured). */
  explainCostMs(estimator: EstimatorOf<F>): number;
}

type Descriptors = { readonly [F in Family]: FamilyDescriptor<F> };

export const FAMILY: Descriptors = {
  logistic_regression: { explainer: "linear", hasDecisionFunction: true, explainCostMs: () => 0.01 },
  knn: { explainer: "permutation", hasDecisionFunction: false, explainCostMs: (est) => 0.3 + 4.3e-3 * est.y.length },
  // Interventional TreeSHAP against the whole training set, whose size is the root's n_samples.
  decision_tree: { explainer: "tree", hasDecisionFunction: false, explainCostMs: (est) => 0.05 + 1e-4 * (est.n_samples[0] ?? 0) },
  svc: { explainer: "permutation", hasDecisionFunction: true, explainCostMs: (est) => 0.85 + 1.5e-3 * est.dual_coef.length },
};

/** The descriptor of a model's family. */
export function familyOf(model: ModelArtifact): FamilyDescriptor<Family> {
  return FAMILY[model.family] as FamilyDescriptor<Family>;
}

export type { EstimatorOf, Family };

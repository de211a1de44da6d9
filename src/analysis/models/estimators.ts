// Configuration → estimator instance, and a configuration fitted into an artifact's estimator: one entry per family
// (FAMILY_FIT), for the search, the refit and the tests. Fitting code: the browser never imports this module.

import type { Config } from "./grid.js";
import { TREE_RANDOM_STATE } from "./grid.js";
import { FAMILY } from "./families.js";
import { KNeighborsClassifier } from "./knn.js";
import { LogisticRegression } from "./logistic.js";
import type { Matrix } from "./matrix.js";
import type { Estimator, EstimatorOf, Family, ModelArtifact } from "./scoring.js";
import { SVC, type Kernel } from "./svc.js";
import { DecisionTreeClassifier, type MaxFeatures } from "./tree.js";

export type AnyEstimator = LogisticRegression | KNeighborsClassifier | DecisionTreeClassifier | SVC;

export function makeLogistic(c: Config): LogisticRegression {
  return new LogisticRegression({ penalty: c.params.penalty as "l1" | "l2", C: c.params.C as number });
}

export function makeKnn(c: Config): KNeighborsClassifier {
  return new KNeighborsClassifier({
    nNeighbors: c.params.n_neighbors as number,
    weights: c.params.weights as "uniform" | "distance",
    metric: c.params.metric as "euclidean" | "manhattan",
  });
}

export function makeTree(c: Config): DecisionTreeClassifier {
  return new DecisionTreeClassifier({
    maxDepth: c.params.max_depth as number | null,
    maxFeatures: c.params.max_features as MaxFeatures,
    minSamplesLeaf: c.params.min_samples_leaf as number,
    randomState: (c.params.random_state ?? TREE_RANDOM_STATE) as number, // the grid never sets it; tests vary it
  });
}

export function makeSvc(c: Config): SVC {
  return new SVC({
    kernel: c.params.kernel as Kernel,
    C: c.params.C as number,
    gamma: (c.params.gamma ?? "scale") as "scale" | number,
    degree: (c.params.degree ?? 3) as number,
  });
}

/** What a family's fit gets: the preprocessed training rows, the rows to compute decision values on, the rows before scaling. */
export interface FitInput {
  Xtr: Matrix;
  yTr: Uint8Array;
  /** Query rows (scaled): the decision function is computed on them where the family has one. */
  Xq: Matrix;
  /** Training rows encoded but not scaled (what KNN and SVC store). */
  raw: Matrix;
  /**
   * SVC's Platt sigmoid: fitted on `oof` (out-of-fold decision values of the same rows) or, for a fold model, taken
   * from the `chosen` model's estimator. Other families ignore it.
   */
  platt: { oof: ArrayLike<number> } | { chosen: ModelArtifact };
  /** Rounding of model parameters for the artifact (families that store training rows keep them as they are). */
  round<E extends Estimator>(e: E): E;
}

export interface Fitted<E extends Estimator> {
  estimator: E;
  /** Decision function of the fitted estimator on the query rows (families that have one), else null. */
  decision: Float64Array | null;
}

export interface FamilyFit<F extends Family> {
  make(c: Config): AnyEstimator;
  fit(c: Config, input: FitInput): Fitted<EstimatorOf<F>>;
}

export const FAMILY_FIT: { readonly [F in Family]: FamilyFit<F> } = {
  logistic_regression: {
    make: makeLogistic,
    fit(c, { Xtr, yTr, Xq, round }) {
      const m = makeLogistic(c).fit(Xtr, yTr);
      return { estimator: round(m.toEstimator()), decision: m.decisionFunction(Xq) };
    },
  },
  knn: {
    make: makeKnn,
    fit: (c, { Xtr, yTr, raw }) => ({ estimator: makeKnn(c).fit(Xtr, yTr).toEstimator(raw), decision: null }),
  },
  decision_tree: {
    make: makeTree,
    fit: (c, { Xtr, yTr, round }) => ({ estimator: round(makeTree(c).fit(Xtr, yTr).toEstimator()), decision: null }),
  },
  svc: {
    make: makeSvc,
    fit(c, { Xtr, yTr, Xq, raw, platt, round }) {
      // Platt's sigmoid is fitted on the out-of-fold decision values of this configuration's CV (our seeded folds)
      // instead of libsvm's internal -b 1 CV; the same sigmoid maps the OOF decisions to the training probabilities.
      const fitted = makeSvc(c).fit(Xtr, yTr);
      let m: SVC;
      if ("oof" in platt) m = fitted.setPlatt(platt.oof, yTr);
      else if (platt.chosen.family === "svc") m = fitted.setPlattParameters(platt.chosen.estimator.prob_a, platt.chosen.estimator.prob_b);
      else throw new Error(`an SVC fold model needs an SVC's Platt sigmoid, not a ${platt.chosen.family} model's`);
      return { estimator: round(m.toEstimator(raw)), decision: m.decisionFunction(Xq) };
    },
  },
};

export function makeEstimator(c: Config): AnyEstimator {
  return FAMILY_FIT[c.family].make(c);
}

/** Whether the family's ranking score is a decision function (else P(y = 1)), as sklearn's roc_auc scorer picks. */
export function hasDecisionFunction(c: Config): boolean {
  return FAMILY[c.family].hasDecisionFunction;
}

// Configuration → estimator instance, in one place for the search, the refit and the tests.

import type { Config } from "./grid.js";
import { TREE_RANDOM_STATE } from "./grid.js";
import { FAMILY } from "./families.js";
import { KNeighborsClassifier } from "./knn.js";
import { LogisticRegression } from "./logistic.js";
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

export function makeEstimator(c: Config): AnyEstimator {
  switch (c.family) {
    case "logistic_regression":
      return makeLogistic(c);
    case "knn":
      return makeKnn(c);
    case "decision_tree":
      return makeTree(c);
    case "svc":
      return makeSvc(c);
  }
}

/** Whether the family's ranking score is a decision function (else P(y = 1)), as sklearn's roc_auc scorer picks. */
export function hasDecisionFunction(c: Config): boolean {
  return FAMILY[c.family].hasDecisionFunction;
}

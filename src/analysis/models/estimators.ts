// Configuration → estimator instance, a configuration fitted into an artifact's estimator, and how the CV search
// shares per-fold work between a family's configurations: one entry per family (FAMILY_FIT), for the search
// (search.ts), the refit (run.ts) and the tests. Fitting code: the browser never imports this module.

import { NUMERIC_FEATURES } from "../schema.js";
import type { Config } from "./grid.js";
import { TREE_RANDOM_STATE } from "./grid.js";
import { FAMILY } from "./families.js";
import { KNeighborsClassifier, neighbourTable, probaFromTable } from "./knn.js";
import { LogisticRegression } from "./logistic.js";
import type { Matrix } from "../stats/linalg.js";
import type { Estimator, EstimatorOf, Family, ModelArtifact, ScalerKind } from "./scoring.js";
import { gramBase, queryBase, queryKernel, SVC, SvcProblem, type Kernel } from "./svc.js";
import { DecisionTreeClassifier, presort, type MaxFeatures } from "./tree.js";

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

/** The CV's folds as the search holds them (search.ts FoldCache): what a family's configurations share per fold. */
export interface CvFolds {
  readonly nFolds: number;
  /** Fold f's training and validation rows, preprocessed with `scaler` fitted on the fold's training rows only. */
  matrices(f: number, scaler: ScalerKind): { Xtr: Matrix; Xva: Matrix };
  /** Fold f's training labels. */
  yTr(f: number): Uint8Array;
  /** `make(Xtr)` of fold f and `scaler`, computed once per `name` and kept for later calls (a tree presort). */
  memo<T>(name: string, f: number, scaler: ScalerKind, make: (Xtr: Matrix) => T): T;
}

/** Records configuration `i`'s ranking scores on fold f's validation rows. */
export type RecordScores = (i: number, f: number, scores: Float64Array) => void;

/** How the CV search evaluates a family's configurations (search.ts evaluateConfigs, configGroups, workUnits). */
export interface FamilyCv {
  /** Rough relative CV cost of one configuration (only the order of the search's work units depends on it). */
  readonly cost: number;
  /** Configurations with equal keys share per-fold work (they reach `evaluate` as one group); null: each alone. */
  shareKey(c: Config): string | null;
  /** Groups with equal keys go to one work unit, so one thread keeps the work they share; null: the group alone. */
  unitKey(c: Config): string | null;
  /**
   * Cross-validates `groups` (lists of positions into `configs`, all of this family, one shareKey each) and records
   * every fold's scores. A configuration's scores must not depend on which others are evaluated with it.
   */
  evaluate(folds: CvFolds, configs: readonly Config[], groups: readonly (readonly number[])[], record: RecordScores): void;
}

export interface FamilyFit<F extends Family> {
  make(c: Config): AnyEstimator;
  fit(c: Config, input: FitInput): Fitted<EstimatorOf<F>>;
  cv: FamilyCv;
}

/** Each group fold by fold, each configuration of it fitted on its own by `scores`. */
function eachAlone(scores: (c: Config, f: number, folds: CvFolds) => Float64Array): FamilyCv["evaluate"] {
  return (folds, configs, groups, record) => {
    for (const members of groups) for (let f = 0; f < folds.nFolds; f++) for (const i of members) record(i, f, scores(configs[i], f, folds));
  };
}

export const FAMILY_FIT: { readonly [F in Family]: FamilyFit<F> } = {
  logistic_regression: {
    make: makeLogistic,
    fit(c, { Xtr, yTr, Xq, round }) {
      const m = makeLogistic(c).fit(Xtr, yTr);
      return { estimator: round(m.toEstimator()), decision: m.decisionFunction(Xq) };
    },
    cv: {
      cost: 0.3,
      shareKey: () => null,
      unitKey: () => null,
      // Cold starts on purpose: warm starts along the C path would make a result depend (in the last bits) on
      // which other C values are in the grid; Newton needs only ~5–10 iterations from zero anyway.
      evaluate: eachAlone((c, f, folds) => {
        const { Xtr, Xva } = folds.matrices(f, c.scaler);
        return makeLogistic(c).fit(Xtr, folds.yTr(f)).decisionFunction(Xva);
      }),
    },
  },
  knn: {
    make: makeKnn,
    fit: (c, { Xtr, yTr, raw }) => ({ estimator: makeKnn(c).fit(Xtr, yTr).toEstimator(raw), decision: null }),
    cv: {
      cost: 0.025,
      // One neighbour table per (fold, scaler, metric): a k-NN with smaller k reads a prefix of it.
      shareKey: (c) => `${c.scaler}|${String(c.params.metric)}`,
      unitKey: () => null,
      evaluate(folds, configs, groups, record) {
        for (const members of groups) {
          const first = configs[members[0]];
          for (let f = 0; f < folds.nFolds; f++) {
            const { Xtr, Xva } = folds.matrices(f, first.scaler);
            const kMax = Math.max(...members.map((i) => configs[i].params.n_neighbors as number));
            const table = neighbourTable(first.params.metric as "euclidean" | "manhattan", Xtr, Xva, kMax, NUMERIC_FEATURES.length);
            for (const i of members) {
              const k = configs[i].params.n_neighbors as number;
              if (k > Xtr.rows) throw new Error(`n_neighbors = ${k} exceeds the fold's ${Xtr.rows} training rows`);
              record(i, f, probaFromTable(table, folds.yTr(f), k, configs[i].params.weights as "uniform" | "distance"));
            }
          }
        }
      },
    },
  },
  decision_tree: {
    make: makeTree,
    fit: (c, { Xtr, yTr, round }) => ({ estimator: round(makeTree(c).fit(Xtr, yTr).toEstimator()), decision: null }),
    cv: {
      cost: 0.1,
      shareKey: () => null,
      // One float32 presort per (fold, scaler), kept by the thread: all trees of one max_features in one unit.
      unitKey: (c) => String(c.params.max_features),
      evaluate: eachAlone((c, f, folds) => {
        const { Xtr, Xva } = folds.matrices(f, c.scaler);
        return makeTree(c).fit(Xtr, folds.yTr(f), folds.memo("presort", f, c.scaler, presort)).predictProba(Xva);
      }),
    },
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
    cv: {
      cost: 1,
      // One precomputed-kernel libsvm problem and one validation kernel per (fold, kernel): C changes neither.
      shareKey: (c) => `${c.scaler}|${String(c.params.kernel)}|${String(c.params.gamma ?? "scale")}|${String(c.params.degree ?? 3)}`,
      // Per scaler and fold one set of dot products serves every kernel: all SVCs of one scaler in one unit.
      unitKey: (c) => c.scaler,
      evaluate(folds, configs, groups, record) {
        for (const scaler of new Set(groups.map((g) => configs[g[0]].scaler))) {
          const mine = groups.filter((g) => configs[g[0]].scaler === scaler);
          const rbf = mine.some((g) => configs[g[0]].params.kernel === "rbf");
          for (let f = 0; f < folds.nFolds; f++) {
            const { Xtr, Xva } = folds.matrices(f, scaler);
            const base = gramBase(Xtr);
            const qBase = queryBase(Xtr, Xva, rbf);
            for (const members of mine) {
              const spec = makeSvc(configs[members[0]]).kernelSpec(Xtr);
              const problem = new SvcProblem(Xtr, folds.yTr(f), spec, base);
              try {
                const K = queryKernel(spec, qBase);
                for (const i of members) record(i, f, makeSvc(configs[i]).fitProblem(problem).decisionFromKernel(K, Xva.rows));
              } finally {
                problem.free();
              }
            }
          }
        }
      },
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

// One incremental evaluator per model family (base.ts: the shared walk bookkeeping and the HybridModel contract).

import type { Family, ModelArtifact, ModelArtifactOf } from "../../models/scoring.js";
import type { Players } from "../players.js";
import type { HybridModel } from "./base.js";
import { KnnHybrid } from "./knn.js";
import { LinearHybrid } from "./linear.js";
import { SvcHybrid } from "./svc.js";
import { TreeHybrid } from "./tree.js";

export type { HybridModel } from "./base.js";

type HybridOf<F extends Family> = (model: ModelArtifactOf<F>, players: Players, background: Float64Array, nb: number) => HybridModel;

/** One evaluator per family (a family missing here is a compile error). */
const HYBRID: { readonly [F in Family]: HybridOf<F> } = {
  logistic_regression: (model, players, background, nb) => new LinearHybrid(model.estimator, players, background, nb),
  decision_tree: (model, players, background, nb) => new TreeHybrid(model.estimator, players, background, nb),
  knn: (model, players, background, nb) => new KnnHybrid(model, model.estimator, players, background, nb),
  svc: (model, players, background, nb) => new SvcHybrid(model, model.estimator, players, background, nb),
};

/**
 * `background` holds `nb` encoded and scaled rows, row-major (width = players.width).
 */
export function hybridModel(model: ModelArtifact, players: Players, background: Float64Array, nb: number): HybridModel {
  return (HYBRID[model.family] as HybridOf<Family>)(model, players, background, nb);
}

// One incremental evaluator per model family (base.ts: the shared walk bookkeeping and the HybridModel contract).

import type { Estimator, ModelArtifact } from "../../models/scoring.js";
import type { Players } from "../players.js";
import type { HybridModel } from "./base.js";
import { KnnHybrid } from "./knn.js";
import { LinearHybrid } from "./linear.js";
import { SvcHybrid } from "./svc.js";
import { TreeHybrid } from "./tree.js";

export type { HybridModel } from "./base.js";

type HybridOf<E extends Estimator> = (model: ModelArtifact, est: E, players: Players, background: Float64Array, nb: number) => HybridModel;

/** One evaluator per `estimator.kind` (a kind missing here is a compile error). */
const HYBRID: { readonly [K in Estimator["kind"]]: HybridOf<Extract<Estimator, { kind: K }>> } = {
  linear: (_model, est, players, background, nb) => new LinearHybrid(est, players, background, nb),
  tree: (_model, est, players, background, nb) => new TreeHybrid(est, players, background, nb),
  knn: (model, est, players, background, nb) => new KnnHybrid(model, est, players, background, nb),
  svc: (model, est, players, background, nb) => new SvcHybrid(model, est, players, background, nb),
};

/**
 * `background` holds `nb` encoded and scaled rows, row-major (width = players.width).
 */
export function hybridModel(model: ModelArtifact, players: Players, background: Float64Array, nb: number): HybridModel {
  const est = model.estimator;
  return (HYBRID[est.kind] as HybridOf<typeof est>)(model, est, players, background, nb);
}

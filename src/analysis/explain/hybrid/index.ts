// One incremental evaluator per model family (base.ts: the shared walk bookkeeping and the HybridModel contract).

import type { ModelArtifact } from "../../models/scoring.js";
import type { Players } from "../players.js";
import type { HybridModel } from "./base.js";
import { KnnHybrid } from "./knn.js";
import { LinearHybrid } from "./linear.js";
import { SvcHybrid } from "./svc.js";
import { TreeHybrid } from "./tree.js";

export type { HybridModel } from "./base.js";

/**
 * `background` holds `nb` encoded and scaled rows, row-major (width = players.width).
 */
export function hybridModel(model: ModelArtifact, players: Players, background: Float64Array, nb: number): HybridModel {
  const est = model.estimator;
  switch (est.kind) {
    case "linear":
      return new LinearHybrid(est, players, background, nb);
    case "tree":
      return new TreeHybrid(est, players, background, nb);
    case "knn":
      return new KnnHybrid(model, est, players, background, nb);
    case "svc":
      return new SvcHybrid(model, est, players, background, nb);
  }
}

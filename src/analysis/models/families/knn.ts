// k nearest neighbours' scoring: the (weighted) share of positives among the nearest scaled training rows.

import { knnProbability, nearest, scaledRows } from "../artifact.js";
import { nearestBlocked } from "../batch-kernels.js";
import type { FamilyCode } from "./code.js";

export const knnCode: FamilyCode<"knn"> = {
  score(model) {
    const est = model.estimator;
    const d = model.preprocessor.feature_names.length;
    const X = scaledRows(model.preprocessor, est.raw_X);
    const idx = new Int32Array(est.n_neighbors);
    const dist = new Float64Array(est.n_neighbors);
    return (x) => {
      const m = nearest(est.metric, X, est.y.length, d, x, 0, est.n_neighbors, idx, dist);
      return knnProbability(est.weights, est.y, idx, dist, m);
    };
  },
  batchScore(model) {
    const est = model.estimator;
    const pre = model.preprocessor;
    const d = pre.feature_names.length;
    const X = scaledRows(pre, est.raw_X);
    const n = est.y.length;
    const y = Uint8Array.from(est.y);
    const idx = new Int32Array(est.n_neighbors);
    const dist = new Float64Array(est.n_neighbors);
    return (x) => {
      const m = nearestBlocked(est.metric, X, n, d, x, 0, est.n_neighbors, idx, dist, pre.numeric.length);
      return knnProbability(est.weights, y, idx, dist, m);
    };
  },
  oofProbability: (_model, oof) => oof.slice(),
};

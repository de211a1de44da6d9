// Batch scoring over typed arrays: the same arithmetic as scoring.ts's per-customer functions (same operations in the
// same order, so the same bits), with the kernel / metric chosen once per batch, the stored rows scaled once, and no
// allocation per row. Used by the CV search (SVC decision values) and to score every customer of a large data set,
// on one thread or split over two (runner-node.ts) — each row's number does not depend on how rows are split.

import type { Customer } from "../schema.js";
import { encodeRaw, scaleRaw, type ModelArtifact, type PreprocessorParams } from "./artifact.js";
import { codeOf } from "./families/index.js";

/** The kernels (batch-kernels.ts), where the CV search and the estimators have always found them. */
export { nearestBlocked, svmDecisionMatrix } from "./batch-kernels.js";

/** Scores rows of an encoded (unscaled) matrix; reusable, holds the model's scaled rows. */
export interface BatchScorer {
  /** Number of features per row. */
  readonly d: number;
  /** P(«Снизилась») of rows [from, to) of `raw` (row-major, d columns, encoded as scoring.ts encodeRaw) into out[from..to). */
  score(raw: Float64Array, from: number, to: number, out: Float64Array): void;
}

/**
 * A batch scorer giving, for every row, exactly makeScorer(model)(customer) for the customer the row encodes
 * (same scaling, same arithmetic; KNN through nearestBlocked, which finds the same neighbours).
 */
export function makeBatchScorer(model: ModelArtifact): BatchScorer {
  const pre = model.preprocessor;
  const d = pre.feature_names.length;
  const x = new Float64Array(d);
  const load = (raw: Float64Array, r: number) => {
    for (let j = 0; j < d; j++) x[j] = raw[r * d + j];
    scaleRaw(pre, x);
  };
  const f = codeOf(model).batchScore(model);
  const one = (raw: Float64Array, r: number) => (load(raw, r), f(x));
  return {
    d,
    score(raw, from, to, out) {
      if (raw.length % d !== 0 || to * d > raw.length) throw new Error("rows out of range");
      for (let r = from; r < to; r++) out[r] = one(raw, r);
    },
  };
}

/** Encoded (unscaled) rows of `customers`, row-major: what BatchScorer.score reads. `out` may be shared memory. */
export function encodeRows(pre: PreprocessorParams, customers: readonly Customer[], out: Float64Array = new Float64Array(customers.length * pre.feature_names.length)): Float64Array {
  const d = pre.feature_names.length;
  if (out.length !== customers.length * d) throw new Error("output buffer does not match the rows");
  for (let i = 0; i < customers.length; i++) encodeRaw(pre, customers[i], out, i * d);
  return out;
}

/** P(«Снизилась») for every customer, single thread: makeScorer's numbers for many customers at once. */
export function scoreCustomers(model: ModelArtifact, customers: readonly Customer[]): Float64Array {
  const raw = encodeRows(model.preprocessor, customers);
  const out = new Float64Array(customers.length);
  makeBatchScorer(model).score(raw, 0, customers.length, out);
  return out;
}

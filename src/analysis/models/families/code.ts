// What a family's scoring code provides (families/index.ts holds one per family). Browser-safe: arithmetic only, no
// fitting code (that is estimators.ts FAMILY_FIT).

import type { Family, ModelArtifactOf } from "../artifact.js";

/** P(«Снизилась») of one row already encoded and scaled by the model's preprocessor. */
export type RowScorer = (x: Float64Array) => number;

export interface FamilyCode<F extends Family> {
  /** The scalar scorer (scoring.ts makeScorer): the model's stored rows are scaled once, here. */
  score(model: ModelArtifactOf<F>): RowScorer;
  /** The batch scorer (batch.ts makeBatchScorer): makeScorer's numbers to the bit, faster where it matters. */
  batchScore(model: ModelArtifactOf<F>): RowScorer;
  /** The CV's out-of-fold ranking scores (decision values or probabilities) as probabilities, with this model's calibration. */
  oofProbability(model: ModelArtifactOf<F>, oof: Float64Array): Float64Array;
}

// Public surface of the explain module.

export type { Explainer, Explanation, ExplanationSet, ExplainOptions, ShapAlgorithm, ShapOutput } from "./types.js";
export { makeExplainer, explainOne, explainAll, explainWith, checkAdditivity, ADDITIVITY_TOLERANCE, DEFAULT_BACKGROUND_SIZE, DEFAULT_PERMUTATIONS, DEFAULT_SEED } from "./explainer.js";
export type { AdditivityReport } from "./explainer.js";
export { buildShapArtifact, buildShapArtifacts, meanAbsShap, SHAP_DIGITS } from "./artifact.js";
export type { ShapArtifact, ShapArtifactOptions } from "./artifact.js";
export { playersOf, featureValue } from "./players.js";
export type { Players } from "./players.js";

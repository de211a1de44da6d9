// Public surface of the explain module (runner-node.ts, the Node-only two-thread runner, is imported directly).

export type { BackgroundKind, Explainer, Explanation, ExplanationSet, ExplainOptions, ShapAlgorithm, ShapOutput } from "./types.js";
export { makeExplainer, explainOne, explainAll, explainWith, explainerBackground, checkAdditivity, ADDITIVITY_TOLERANCE, DEFAULT_BACKGROUND_SIZE, DEFAULT_PERMUTATIONS, DEFAULT_SEED } from "./explainer.js";
export type { AdditivityReport } from "./explainer.js";
export { kmeansBackground, sampleBackground } from "./background.js";
export type { WeightedBackground } from "./background.js";
export { buildShapArtifact, buildShapArtifacts, shapArtifactFrom, joinExplanations, meanAbsShap, SHAP_DIGITS } from "./artifact.js";
export type { ExplainedSample, ShapArtifact, ShapArtifactOptions } from "./artifact.js";
export { chooseExplained, explainLimitsFor, explainCostMs, explainChosen, explainFamilies, explainReport, SHAP_BUDGET_MS, EXPLAIN_EVEN_SAMPLE } from "./report.js";
export type { ExplainedSelection, ExplainLimits, FamilyComparison, ReportInput, ReportShap } from "./report.js";
export { playersOf, featureValue } from "./players.js";
export type { Players } from "./players.js";

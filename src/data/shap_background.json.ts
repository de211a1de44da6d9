import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("shap_background.json");

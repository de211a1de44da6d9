import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("shap_families_page.json");

import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("eda.json");

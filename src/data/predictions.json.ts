import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("predictions.json");

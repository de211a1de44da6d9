import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("test_scores.json");

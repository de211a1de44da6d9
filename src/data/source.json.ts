import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("source.json");

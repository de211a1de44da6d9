import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("honest_models.json");

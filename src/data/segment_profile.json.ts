import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("segment_profile.json");

import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("campaign.json");

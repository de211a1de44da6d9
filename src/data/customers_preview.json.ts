import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("customers_preview.json");

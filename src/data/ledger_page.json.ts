import { emitArtifact } from "../io/analysis-cache.js";

await emitArtifact("ledger_page.json");

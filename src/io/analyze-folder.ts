// Reads a folder of exports, runs the analysis core and writes the artifacts: the one path shared by
// `npm run analyze` and the data loaders' cache.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAnalysis, type Artifacts } from "../analysis/pipeline.js";
import { readExports, type DataSource, type ReadExports } from "./read-exports.js";
import { stableJson } from "./write-json.js";

export type FolderArtifacts = Artifacts & { source: DataSource };

export function analyzeExports({ texts, source }: ReadExports): FolderArtifacts {
  return { source, ...runAnalysis({ texts }) };
}

export function analyzeFolder(dataDir: string): FolderArtifacts {
  return analyzeExports(readExports(dataDir));
}

/** One JSON file per artifact, byte-stable for the same input. */
export function writeArtifacts(outDir: string, artifacts: FolderArtifacts): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, value] of Object.entries(artifacts)) writeFileSync(join(outDir, `${name}.json`), stableJson(value));
}

// Reads a folder of exports, runs the analysis and writes the artifacts: the one path shared by
// `npm run analyze` and the data loaders' cache. The analysis's heavy loops run on two threads here
// (src/node/worker-map.ts), with results identical to the single-threaded core.

import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { InputError } from "../analysis/ingest/errors.js";
import { join } from "node:path";
import { runAnalysis, type Artifacts } from "../analysis/pipeline.js";
import type { CustomerTable } from "../analysis/segments/customer-table.js";
import { withWorkerMap } from "../node/worker-map.js";
import { readExports, type DataSource, type ReadExports } from "./read-exports.js";
import { writeJsonFile } from "./write-json.js";
import { customerTableToIpc } from "./arrow.js";

/** The build machines have two cores; the results do not depend on the thread count. */
const THREADS = 2;

export type FolderArtifacts = Artifacts & { source: DataSource };
export interface FolderAnalysis {
  artifacts: FolderArtifacts;
  table: CustomerTable;
}

export async function analyzeExports({ texts, source, campaign }: ReadExports): Promise<FolderAnalysis> {
  const { artifacts, table } = await withWorkerMap(THREADS, (map) => runAnalysis({ texts, campaign }, { map }));
  return { artifacts: { source, ...artifacts }, table };
}

export async function analyzeFolder(dataDir: string): Promise<FolderAnalysis> {
  return analyzeExports(readExports(dataDir));
}

/** One JSON file per artifact plus the browser's Arrow table, byte-stable for the same input. */
export function writeArtifacts(outDir: string, { artifacts, table }: FolderAnalysis): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, value] of Object.entries(artifacts)) writeJsonFile(join(outDir, `${name}.json`), value);
  writeFileSync(join(outDir, "customers.arrow"), customerTableToIpc(table));
}

/**
 * The `--out` folder is replaced as a whole (src/io/staging.ts), so it must be new, empty, or hold only a
 * previous run's artifacts: `--out` pointed at a folder of other files is refused, never emptied.
 */
export function checkOutputFolder(outDir: string): void {
  let entries: string[];
  try {
    if (!statSync(outDir).isDirectory()) throw new InputError({ file: outDir, value: "a file", expected: "a folder for the artifacts (--out)" });
    entries = readdirSync(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const artifacts = entries.every((name) => /^[a-z_]+\.(json|arrow)$/.test(name)) && entries.includes("source.json");
  if (entries.length > 0 && !artifacts) {
    throw new InputError({ file: outDir, value: `a folder of other files (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""})`, expected: "a new or empty folder, or one holding a previous run's artifacts (--out replaces it as a whole)" });
  }
}

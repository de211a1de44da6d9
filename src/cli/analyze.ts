// npm run analyze -- --data <dir> --out <dir>
// Runs the same analysis core the site's data loaders use and writes every artifact as a JSON file.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runAnalysis } from "../analysis/pipeline.js";
import { InputError } from "../analysis/ingest/errors.js";
import { readExports, dataDirFromEnv } from "../io/read-exports.js";
import { stableJson } from "../io/write-json.js";

const { values } = parseArgs({
  options: { data: { type: "string" }, out: { type: "string", default: "out" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log("Usage: npm run analyze -- [--data DIR (default: $DATA_DIR or data/demo)] [--out DIR (default: out)]");
  process.exit(0);
}

try {
  const dataDir = values.data ? resolve(values.data) : dataDirFromEnv();
  const outDir = resolve(values.out!);
  const started = performance.now();
  const { texts, source } = readExports(dataDir);
  const artifacts = { source, ...runAnalysis({ texts }) };
  mkdirSync(outDir, { recursive: true });
  for (const [name, value] of Object.entries(artifacts)) writeFileSync(join(outDir, `${name}.json`), stableJson(value));
  const { customers } = artifacts.ledger;
  console.log(
    `analyzed ${source.folder}: ${customers.raw} customers in, ${customers.kept} kept, ${customers.excluded.length} excluded; ` +
      `${Object.keys(artifacts).length} artifacts in ${outDir} (${Math.round(performance.now() - started)} ms)`,
  );
} catch (error) {
  if (error instanceof InputError) {
    console.error(`Cannot analyze the exports: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

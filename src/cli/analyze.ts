// npm run analyze -- --data <dir> --out <dir> [--previous <earlier out dir>]
// Runs the same analysis core the site's data loaders use and writes every artifact as a JSON file.

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../analysis/ingest/errors.js";
import { analyzeFolder, checkOutputFolder, writeArtifacts } from "../io/analyze-folder.js";
import { dataDirFromEnv } from "../io/read-exports.js";
import { replaceFolder } from "../io/staging.js";
import { findPreviousReport, PreviousReportError, writeChanges } from "../io/previous-report.js";

const { values } = parseArgs({
  options: { data: { type: "string" }, out: { type: "string", default: "out" }, previous: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log("Usage: npm run analyze -- [--data DIR (default: $DATA_DIR or data/demo)] [--out DIR (default: out)] [--previous DIR (an earlier --out folder or built site: writes changes.json)]");
  process.exit(0);
}

try {
  const dataDir = values.data ? resolve(values.data) : dataDirFromEnv();
  const outDir = resolve(values.out!);
  if (values.previous) {
    // Refuses a folder that is not a report, or the --out folder itself (about to be overwritten), before the analysis runs.
    if (resolve(values.previous) === outDir) throw new PreviousReportError(`--previous ${values.previous} is the --out folder: write the new analysis elsewhere`);
    findPreviousReport({ PREVIOUS_REPORT: values.previous }, "--previous");
  }
  const started = performance.now();
  checkOutputFolder(outDir);
  const analysis = await analyzeFolder(dataDir);
  // All or nothing: a failed write (a full disk) leaves no cut JSON and keeps the previous artifacts.
  await replaceFolder(outDir, async (staging) => {
    writeArtifacts(staging, analysis);
    if (values.previous) await writeChanges(staging, values.previous);
  }).catch((error: NodeJS.ErrnoException) => {
    if (!error.code) throw error;
    console.error(`Cannot write the artifacts into ${outDir}: ${error.message}. Nothing was changed there; free some space (or choose another --out) and run again.`);
    process.exit(1);
  });
  const { artifacts } = analysis;
  const { customers } = artifacts.ledger;
  console.log(
    `analyzed ${artifacts.source.folder}: ${customers.raw} customers in, ${customers.kept} kept, ${customers.excluded.length} excluded; ` +
      `chosen model ${artifacts.metrics.chosen.family} (CV ROC-AUC ${artifacts.metrics.chosen.cv_auc.toFixed(3)}, test ${artifacts.metrics.chosen.test_auc.toFixed(3)}); ` +
      `${Object.keys(artifacts).length + 1} artifacts in ${outDir} (${Math.round(performance.now() - started)} ms)`,
  );
} catch (error) {
  if (error instanceof InputError) {
    console.error(`Cannot analyze the exports: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof PreviousReportError) {
    console.error(`Cannot compare with the previous report: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

// The build runs the analysis's heavy loops on two threads (io/analyze-folder.ts: runAnalysis with the worker map);
// runAnalysis's default map runs them on this one. Both must give the same artifacts, byte for byte.

import assert from "node:assert/strict";
import { test } from "node:test";
import { runAnalysis } from "../../src/analysis/pipeline.js";
import { analyzeExports } from "../../src/io/analyze-folder.js";
import { DEFAULT_DATA_DIR, readExports } from "../../src/io/read-exports.js";
import { customerTableToIpc } from "../../src/io/arrow.js";

test("one thread and two threads give byte-identical artifacts on the demo data", async () => {
  const exports = readExports(DEFAULT_DATA_DIR);
  const single = await runAnalysis({ texts: exports.texts });
  const parallel = await analyzeExports(readExports(DEFAULT_DATA_DIR));
  const names = Object.keys(single.artifacts) as (keyof typeof single.artifacts)[];
  assert.deepEqual(new Set(names), new Set(Object.keys(parallel.artifacts).filter((k) => k !== "source")));
  for (const name of names) assert.equal(JSON.stringify(parallel.artifacts[name]), JSON.stringify(single.artifacts[name]), name);
  assert.deepEqual(customerTableToIpc(parallel.table), customerTableToIpc(single.table));
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_FILE_NAMES, generateDemoExports } from "../../../src/analysis/demo/generate.js";

test("100,000 customers stream in bounded chunks", () => {
  const customers = 100_000;
  const batchSize = 5000;
  const demo = generateDemoExports({ customers, seed: 1 });
  const newlines: Record<string, number> = Object.fromEntries(DEMO_FILE_NAMES.map((n) => [n, 0]));
  let chunks = 0;
  let largest = 0;
  for (const chunk of demo.chunks(batchSize)) {
    chunks++;
    for (const n of DEMO_FILE_NAMES) {
      const text = chunk[n];
      largest = Math.max(largest, text.length);
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines[n]++;
    }
  }
  assert.equal(chunks, customers / batchSize);
  // Chunks are sized by the batch, not by N: one batch of market_money rows is well under 1 MB.
  assert.ok(largest < 1_000_000, `largest chunk ${largest}`);
  // LF files: header + N rows with no final newline → N newlines per row group; money.csv: N + 1 CRLFs.
  assert.equal(newlines["market_file.csv"], customers);
  assert.equal(newlines["market_money.csv"], 3 * customers);
  assert.equal(newlines["market_time.csv"], 2 * customers);
  assert.equal(newlines["money.csv"], customers + 1);
});

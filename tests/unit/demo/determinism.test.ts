import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEMO_FILE_NAMES,
  generateDemoExports,
  generateDemoFiles,
} from "../../../src/analysis/demo/generate.js";

const options = { customers: 700, seed: 12345 };

test("same options give byte-identical files", () => {
  const a = generateDemoFiles(options);
  const b = generateDemoFiles({ ...options });
  for (const name of DEMO_FILE_NAMES) assert.equal(a[name], b[name], name);
});

test("a different seed gives different files (same shape)", () => {
  const a = generateDemoFiles(options);
  const b = generateDemoFiles({ ...options, seed: 12346 });
  for (const name of DEMO_FILE_NAMES) {
    assert.notEqual(a[name], b[name], name);
    assert.equal(a[name].split("\n").length, b[name].split("\n").length, `${name} line count`);
  }
});

test("streamed chunks, per-file iterables and batch size do not change the bytes", () => {
  const whole = generateDemoFiles(options);
  const demo = generateDemoExports(options);
  for (const batchSize of [1, 7, 700, 5000]) {
    const parts: Record<string, string> = Object.fromEntries(DEMO_FILE_NAMES.map((n) => [n, ""]));
    for (const chunk of demo.chunks(batchSize)) for (const n of DEMO_FILE_NAMES) parts[n] += chunk[n];
    for (const n of DEMO_FILE_NAMES) assert.equal(parts[n], whole[n], `${n} with batchSize ${batchSize}`);
  }
  for (const n of DEMO_FILE_NAMES) assert.equal([...demo.file(n, 64)].join(""), whole[n], `file(${n})`);
  // Iterating twice restarts the generation rather than continuing it.
  assert.equal([...demo.file("money.csv")].join(""), whole["money.csv"]);
});

test("invalid options are rejected", () => {
  assert.throws(() => generateDemoFiles({ customers: 0, seed: 1 }), RangeError);
  assert.throws(() => generateDemoFiles({ customers: 1.5, seed: 1 }), RangeError);
  assert.throws(() => generateDemoFiles({ customers: 10, seed: -1 }), RangeError);
  assert.throws(() => generateDemoFiles({ customers: 10, seed: 2 ** 32 }), RangeError);
  assert.throws(() => generateDemoFiles({ customers: 300_000, seed: 1 }), /stream/);
});

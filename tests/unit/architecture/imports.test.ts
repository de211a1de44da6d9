// The analysis core's import rules, read from the sources: nothing under src/analysis imports node:* (it stays
// importable by the browser and by tests without Node), and imports flow one way through its folders.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));
const ANALYSIS = join(SRC, "analysis");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

/**
 * The flow, lowest first: a file may import from its own folder and from folders of a lower rank only. Top-level
 * files: schema.ts is below everything, parallel.ts (the task kinds) and pipeline.ts (the composition) above.
 */
const RANK: Record<string, number> = {
  "schema.ts": 0,
  ingest: 1,
  clean: 2,
  stats: 4,
  models: 5,
  explain: 6,
  segments: 7,
  campaign: 8,
  changes: 8,
  pages: 9,
  "parallel.ts": 10,
  "pipeline.ts": 11,
};
/** The demo data generator stands aside: it may use the core's lower folders, and nothing of the core uses it. */
const DEMO = "demo";

function placeOf(file: string): string {
  return relative(ANALYSIS, file).split("/")[0].replace(/\.js$/, ".ts");
}

/** [importing file, imported file] pairs that break the flow. */
export function flowViolations(files: readonly { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    const from = placeOf(path);
    for (const spec of specifiers(text)) {
      if (!spec.startsWith(".")) continue;
      const target = join(dirname(path), spec);
      const rel = relative(ANALYSIS, target);
      const to = placeOf(target);
      const label = `${relative(SRC, path)} → ${relative(SRC, target)}`;
      if (rel.startsWith("..")) out.push(`${label} (the core imports nothing outside src/analysis)`);
      else if (to === from) continue;
      else if (to === DEMO) out.push(`${label} (nothing of the core imports the demo generator)`);
      else if (from === DEMO) continue;
      else if (!(to in RANK) || !(from in RANK)) out.push(`${label} (a folder without a place in the flow)`);
      else if (RANK[to] >= RANK[from]) out.push(`${label} (against the flow)`);
    }
  }
  return out;
}

const files = sources(ANALYSIS).map((path) => ({ path, text: readFileSync(path, "utf8") }));

test("nothing under src/analysis imports node:*", () => {
  const offenders = files.flatMap(({ path, text }) => specifiers(text).filter((s) => s.startsWith("node:")).map((s) => `${relative(SRC, path)}: ${s}`));
  assert.deepEqual(offenders, []);
});

test("imports flow one way: ingest → clean → stats → models → explain → segments → campaign, changes → pages → the composition", () => {
  assert.deepEqual(flowViolations(files), []);
});

test("the rules catch what they are for", () => {
  const at = (p: string) => join(ANALYSIS, p);
  assert.deepEqual(specifiers('import { a } from "node:fs";\nimport type { B } from "./b.js";\nexport { c } from "../c.js";\nconst d = await import("node:buffer");'), ["node:fs", "./b.js", "../c.js", "node:buffer"]);
  assert.equal(flowViolations([{ path: at("clean/clean.ts"), text: 'import { describe } from "../stats/describe.js";' }]).length, 1);
  assert.equal(flowViolations([{ path: at("clean/clean.ts"), text: 'import { x } from "../features/merge.js";' }]).length, 1);
  assert.equal(flowViolations([{ path: at("explain/report.ts"), text: 'import type { SegmentDefaults } from "../segments/segments.js";' }]).length, 1);
  assert.equal(flowViolations([{ path: at("models/run.ts"), text: 'import { x } from "../../node/worker-map.js";' }]).length, 1);
  assert.equal(flowViolations([{ path: at("campaign/stage.ts"), text: 'import { x } from "../changes/compare.js";' }]).length, 1);
  assert.deepEqual(flowViolations([{ path: at("pages/page-data.ts"), text: 'import { x } from "../explain/report.js";\nimport { y } from "./other.js";' }]), []);
});

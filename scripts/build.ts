// npm run build: a hermetic, all-or-nothing build of the report.
// 1. vendor the browser packages from node_modules (no CDN, no registry);
// 2. drop Framework's cached loader outputs: Framework's build reuses them even when DATA_DIR points
//    at other exports (it only compares the loader's own mtime), which would publish stale figures;
// 3. add a Content-Security-Policy to every page (scripts/csp.ts);
// 4. build into a temporary folder and swap it in only on success, so a failed refresh leaves the
//    previous good dist/ intact.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dataDirFromEnv } from "../src/io/read-exports.js";
import { addContentSecurityPolicy } from "./csp.js";
import { precompressSite } from "./compression.js";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "src", ".observablehq", "cache");
const KEEP_IN_CACHE = new Set(["_npm", "_analysis"]);
/** Where the finished site goes; tests build into their own folders with REPORT_DIST. */
const DIST = resolve(ROOT, process.env.REPORT_DIST ?? "dist");
const STAGING = `${DIST}.staging-${process.pid}`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env }).status === 0;
}

function fail(message: string): never {
  rmSync(STAGING, { recursive: true, force: true });
  console.error(`\nBuild failed: ${message}\nThe previous report in ${DIST} ${existsSync(DIST) ? "is left as it was" : "does not exist"}.`);
  process.exit(1);
}

if (!run("npx", ["tsx", "scripts/vendor-npm.ts"])) fail("could not vendor the browser packages (run npm ci first)");
if (existsSync(CACHE)) {
  for (const entry of readdirSync(CACHE)) if (!KEEP_IN_CACHE.has(entry)) rmSync(join(CACHE, entry), { recursive: true, force: true });
}
console.log(`Building the report from ${dataDirFromEnv()} …`);
if (!run("npx", ["observable", "build"], { ...process.env, REPORT_OUTPUT_DIR: STAGING })) {
  fail("see the error above (a data loader names the export, line and column to fix)");
}
for (const entry of readdirSync(STAGING, { recursive: true, encoding: "utf8" })) {
  if (!entry.endsWith(".html")) continue;
  const page = join(STAGING, entry);
  writeFileSync(page, addContentSecurityPolicy(readFileSync(page, "utf8")));
}
// 5. brotli and gzip copies next to the large files, for hosts that serve precompressed files (scripts/compression.ts).
const packed = precompressSite(STAGING);
console.log(`Precompressed ${packed.files} files: ${(packed.bytes / 1e6).toFixed(1)} MB → ${(packed.brotli / 1e6).toFixed(1)} MB with brotli.`);
const previous = `${DIST}.previous-${process.pid}`;
if (existsSync(DIST)) renameSync(DIST, previous);
renameSync(STAGING, DIST);
rmSync(previous, { recursive: true, force: true });
console.log(`Report built into ${DIST}.`);

// Builds that run at the same time, builds that are interrupted, and exports that are special files:
// each build's site shows its own data only, an interrupted build never blocks the next one, and
// nothing hangs. These run whole builds (no browser); every one has a timeout.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ANALYSIS_CACHE, exportsSha256 } from "../../src/io/analysis-cache.js";
import { isProcessAlive, readLockOwner } from "../../src/io/lock.js";
import { tinyExports } from "../helpers/tiny-exports.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const BUILD_LOCK = join(ROOT, "src", ".observablehq", "cache", "_build.lock");
const work = mkdtempSync(join(tmpdir(), "build-safety-"));
after(() => rmSync(work, { recursive: true, force: true }));

function writeExports(name: string, n: number): string {
  const dir = join(work, name);
  cpSync(resolve(ROOT, "data", "demo"), dir, { recursive: true }); // a folder with the four names …
  for (const [file, text] of Object.entries(tinyExports(n))) writeFileSync(join(dir, `${file}.csv`), text); // … and tiny contents
  return dir;
}

interface Build {
  pid: number;
  output: () => string;
  done: Promise<number | null>;
}

/** Starts `npm run build`'s script in its own process group (so the whole build can be interrupted). */
function startBuild(dataDir: string, dist: string): Build {
  const child = spawn(TSX, ["scripts/build.ts"], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, REPORT_DIST: dist }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const done = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return { pid: child.pid!, output: () => output, done };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The JSON member `name` of a built site's analysis archive. */
function siteArtifact(dist: string, name: string): { [key: string]: unknown } {
  const dir = join(dist, "_file", "data", "analysis");
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && f.endsWith(".json"))!;
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

test("two builds at once on different data: each site holds its own data only", { timeout: 900_000 }, async () => {
  const runs = [
    { data: writeExports("data-40", 40), dist: join(work, "dist-40"), customers: 40 },
    { data: writeExports("data-60", 60), dist: join(work, "dist-60"), customers: 60 },
  ];
  const builds = runs.map((run) => startBuild(run.data, run.dist));
  const codes = await Promise.all(builds.map((b) => b.done));
  codes.forEach((code, i) => assert.equal(code, 0, builds[i].output()));
  for (const run of runs) {
    const hash = exportsSha256(run.data)!;
    assert.equal((siteArtifact(run.dist, "source") as { sha256: string }).sha256, hash, `${run.dist}: the analysis of its own exports`);
    assert.equal((siteArtifact(run.dist, "ledger_page") as { customers: { raw: number } }).customers.raw, run.customers, `${run.dist}: its own customer count`);
    const classes = (siteArtifact(run.dist, "eda") as { target: { classes: { count: number }[] } }).target.classes;
    assert.equal(classes.reduce((sum, c) => sum + c.count, 0), run.customers, `${run.dist}: its own eda (the artifact the issue saw mixed)`);
    for (const page of ["index.html", "data.html", "eda.html"]) {
      assert.ok(readFileSync(join(run.dist, page), "utf8").includes(`title="${hash}"`), `${run.dist}/${page}: the footer names its own exports`);
    }
  }
  // One of the two waited, and said for whom.
  assert.ok(
    builds.some((b) => /Waiting for the build of .* into .*dist-(40|60) \(pid \d+ on .*, started .*\) to finish/.test(b.output())),
    builds.map((b) => b.output()).join("\n----\n"),
  );
});

test("a build interrupted during the analysis (SIGINT) does not hold up the next one, and its leftovers go", { timeout: 900_000 }, async () => {
  // Exports no build has analysed yet (a fresh copy of the demo data with one value changed), so the analysis runs.
  const data = join(work, "data-interrupted");
  cpSync(resolve(ROOT, "data", "demo"), data, { recursive: true });
  const money = join(data, "money.csv");
  writeFileSync(money, readFileSync(money, "utf8").replace(/;(\d+),(\d+)\r?\n/, (m, a, b) => m.replace(`${a},${b}`, `${a},${b === "0" ? "1" : "0"}`)));
  const dist = join(work, "dist-interrupted");
  const first = startBuild(data, dist);
  await waitFor(() => /Analysing the exports/.test(first.output()), "the first build's analysis to start", 300_000);
  const owner = readLockOwner(BUILD_LOCK);
  assert.ok(owner, "the build holds the lock, naming itself");
  assert.match(owner.what, /the build of .*data-interrupted into .*dist-interrupted/);
  await new Promise((r) => setTimeout(r, 1000));
  process.kill(-first.pid, "SIGINT"); // Ctrl-C: the whole process group
  await first.done;
  await waitFor(() => !isProcessAlive(owner.pid), "the interrupted build to exit", 30_000);

  const started = performance.now();
  const second = startBuild(data, dist);
  await waitFor(() => /Analysing the exports/.test(second.output()), "the next build to start its analysis (not to wait)", 120_000);
  const startedWithin = performance.now() - started;
  assert.equal(await second.done, 0, second.output());
  assert.doesNotMatch(second.output(), /Waiting for/, "the next build did not wait for the interrupted one");
  assert.ok(startedWithin < 120_000);
  const leftovers = [
    ...readdirSync(work).filter((f) => f.startsWith("dist-interrupted.")),
    ...readdirSync(ANALYSIS_CACHE).filter((f) => f.endsWith(`-${owner.pid}`)),
  ];
  assert.deepEqual(leftovers, [], "the interrupted build's staging and temporary folders are removed");
  assert.equal((siteArtifact(dist, "source") as { sha256: string }).sha256, exportsSha256(data));
});

for (const special of [
  { what: "money.csv is a FIFO", file: "money.csv", make: (path: string) => assert.equal(spawnSync("mkfifo", [path]).status, 0), found: /money\.csv: found "a named pipe \(FIFO\)"; expected a regular file/ },
  { what: "market_time.csv links to /dev/zero", file: "market_time.csv", make: (path: string) => symlinkSync("/dev/zero", path), found: /market_time\.csv: found "a character device \(such as \/dev\/zero\)"; expected a regular file/ },
]) {
  test(`the build refuses exports where ${special.what}: exit code 2, one line, no hang`, { timeout: 300_000 }, async () => {
    const data = writeExports(`data-special-${special.file}`, 20);
    rmSync(join(data, special.file));
    special.make(join(data, special.file));
    const dist = join(work, `dist-special-${special.file}`);
    const build = startBuild(data, dist);
    const code = await Promise.race([build.done, new Promise<"hung">((r) => setTimeout(() => r("hung"), 240_000))]);
    if (code === "hung") process.kill(-build.pid, "SIGKILL");
    assert.equal(code, 2, build.output());
    assert.match(build.output(), new RegExp(`The exports in .* cannot be used: .*${special.found.source}`));
    assert.match(build.output(), /Build failed: fix the export \(or DATA_DIR\) and build again\. The previous report in .* does not exist\./);
    assert.equal(existsSync(dist), false);
  });
}

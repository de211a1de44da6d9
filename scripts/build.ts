// npm run build: a hermetic, all-or-nothing build of the report whose every figure comes from DATA_DIR.
// 1. take the checkout's build lock: builds share Framework's cache (src/.observablehq/cache), so two
//    builds at once on different data would mix their datasets; a second build waits, saying for whom,
//    and takes the lock over at once when its owner no longer runs (an interrupted build);
// 2. hash the exports and the code (the analysis's key, src/io/analysis-cache.ts); an export that cannot be
//    read stops the build here with one line naming what to fix (exit code 2);
// 3. drop Framework's cached loader outputs (Framework reuses them whatever DATA_DIR is: it only compares
//    the loader's own mtime) and start the site at once (scripts/site-build.ts: vendor the browser packages
//    from node_modules, no CDN, no registry, skipped when up to date; then `observable build`). It parses the
//    pages and bundles the client while this process runs the analysis (or finds it cached), so on two
//    cores the two overlap. When the analysis is done, put in Framework's cache the archive of its artifacts
//    and the comparison with the report this build replaces (exactly what the site's two data loaders,
//    src/data/analysis.tar.ts and src/data/changes.json.ts, would print, so usually no loader process
//    starts; one that Framework starts before then waits for the analysis and prints the same bytes). An
//    export the analysis refuses stops Framework and the build with one line (exit code 2);
// 4. add a Content-Security-Policy to every page (scripts/csp.ts), then brotli and gzip copies of the large
//    files for hosts that serve precompressed files (scripts/compression.ts);
// 5. build into a staging folder and swap it in only on success, so a failed refresh leaves the previous
//    good dist/ intact (src/io/staging.ts);
// 6. remember what the site was built from (siteInputs): a rebuild from the same inputs into an untouched
//    dist/ stops after step 2 and says so (REBUILD=1 builds anyway). Such a rebuild would otherwise
//    compare the report with itself and lose its comparison with the refresh before.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { InputError } from "../src/analysis/ingest/errors.js";
import { cacheKey, ensureAnalysis } from "../src/io/analysis-cache.js";
import { ANALYSIS_DIR_ENV, ANALYSIS_SOURCE_ENV } from "../src/io/build-env.js";
import { acquireLock } from "../src/io/lock.js";
import { dataDirFromEnv, type DataSource } from "../src/io/read-exports.js";
import { SITE_ARTIFACTS, writeSiteArchive } from "../src/io/site-archive.js";
import { replaceFolder } from "../src/io/staging.js";
import { addContentSecurityPolicy } from "./csp.js";
import { NO_PREVIOUS_REPORT, PreviousReportError, previousReportForBuild, readReport, readSnapshot } from "../src/io/previous-report.js";
import { changesSince } from "../src/analysis/changes/compare.js";
import { stableJson } from "../src/io/write-json.js";
import { precompressSite, pruneCompressionCache, warmCompressionCache } from "./compression.js";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "src", ".observablehq", "cache");
const BUILD_LOCK = join(CACHE, "_build.lock");
/** Framework cache entries that do not depend on the data: vendored packages, bundled Node imports, analyses, the lock, what each dist/ was built from. */
const KEEP_IN_CACHE = /^(_npm|_node|_analysis|_build\.lock|_sites)([.\-]|$)/;
/** Where the finished site goes; tests build into their own folders with REPORT_DIST. */
const DIST = resolve(ROOT, process.env.REPORT_DIST ?? "dist");
const DATA_DIR = dataDirFromEnv();

class BuildFailure extends Error {}

/** Every file below `dir` (skipping `skip` folders), in a fixed order. */
function filesBelow(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => (entry.isDirectory() ? (skip.has(entry.name) ? [] : filesBelow(join(dir, entry.name), skip)) : [join(dir, entry.name)]));
}

/**
 * What a site is built from: the analysis (its cache key covers the exports and the analysis code), the pages,
 * components, build scripts, config and lockfile, the data folder's path, what it is compared with, and the
 * pinned build date. Equal inputs make the same site.
 */
function siteInputs(analysisDir: string, previousReport: string): string {
  const hash = createHash("sha256").update(`${basename(analysisDir)}\0${DATA_DIR}\0${process.env.SOURCE_DATE_EPOCH ?? ""}\0`);
  const code = [...filesBelow(join(ROOT, "src"), new Set([".observablehq"])), ...filesBelow(join(ROOT, "scripts"))];
  for (const file of [...code, ...["observablehq.config.ts", "package.json", "package-lock.json"].map((f) => join(ROOT, f))]) {
    hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update("\0");
  }
  // An explicit previous report counts by its content; the dist/ being replaced is this site itself, checked below.
  if (process.env.PREVIOUS_REPORT?.trim()) {
    hash.update(`previous ${previousReport}\0`);
    if (previousReport !== NO_PREVIOUS_REPORT) for (const file of filesBelow(previousReport)) hash.update(`${relative(previousReport, file)}\0`).update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** Each file of the built site by path, size and modification time: a site touched after its build is rebuilt. */
function siteStamp(dist: string): string {
  const hash = createHash("sha256");
  for (const file of filesBelow(dist)) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(dist, file)}\0${size}\0${mtimeMs}\0`);
  }
  return hash.digest("hex");
}

/** Where the inputs and stamp of the site in `dist` are kept (outside the published site). */
const SITE_RECORD = join(CACHE, "_sites", `${createHash("sha256").update(DIST).digest("hex").slice(0, 16)}.json`);

function siteIsUpToDate(inputs: string): boolean {
  if (process.env.REBUILD === "1" || !existsSync(SITE_RECORD) || !existsSync(DIST)) return false;
  let record: { inputs?: string; stamp?: string };
  try {
    record = JSON.parse(readFileSync(SITE_RECORD, "utf8"));
  } catch {
    return false; // a record cut short (a full disk): build
  }
  return record.inputs === inputs && record.stamp === siteStamp(DIST);
}

interface RunningProcess {
  /** The exit code (null when it was killed or could not start). */
  readonly exited: Promise<number | null>;
  /** Ends it (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", env });
  const exited = new Promise<number | null>((done) => {
    child.once("exit", (code) => done(code));
    child.once("error", (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      done(null);
    });
  });
  return { exited, stop: async () => void (child.kill("SIGTERM"), await exited) };
}

/** Drops Framework's cached loader outputs, which it would reuse whatever DATA_DIR is (it only compares the loader's mtime). */
function clearLoaderOutputs(): void {
  if (existsSync(CACHE)) for (const entry of readdirSync(CACHE)) if (!KEEP_IN_CACHE.test(entry)) rmSync(join(CACHE, entry), { recursive: true, force: true });
}

/** Writes `path` whole or not at all (aside, then renamed): Framework may look at the file at any moment. */
async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await write(tmp);
  renameSync(tmp, path);
}

/**
 * Puts in Framework's cache the site archive of this build's analysis and its comparison with `previousReport`
 * (a folder, or NO_PREVIOUS_REPORT): what src/data/analysis.tar.ts and src/data/changes.json.ts would print,
 * made here in-process instead of two loader processes. Framework may already run: a file it finds missing
 * makes it start that loader, which waits for the analysis (src/io/build-env.ts pinnedAnalysisReady) and
 * prints the same bytes; one it finds here is whole (written aside, then renamed).
 */
async function primeLoaderOutputs(analysisDir: string, previousReport: string): Promise<void> {
  // Newer than the loaders, so Framework takes them as fresh; were they not, the loaders would print the same bytes.
  mkdirSync(join(CACHE, "data"), { recursive: true });
  await writeAtomically(join(CACHE, "data", "analysis.tar"), (tmp) => writeSiteArchive(analysisDir, createWriteStream(tmp)));
  const current = await readSnapshot((name) => join(analysisDir, name), "this build's analysis");
  const previous = previousReport === NO_PREVIOUS_REPORT ? null : await readReport(previousReport);
  await writeAtomically(join(CACHE, "data", "changes.json"), async (tmp) => writeFileSync(tmp, stableJson(changesSince(previous, current))));
}

const release = await acquireLock(BUILD_LOCK, { what: `the build of ${DATA_DIR} into ${DIST}` });
try {
  const key = cacheKey(DATA_DIR);
  // What the changes.json loader compares with (issue 17): the site this build replaces, or PREVIOUS_REPORT.
  const previousReport = previousReportForBuild(DIST, (message) => {
    throw new BuildFailure(message);
  });
  const inputs = siteInputs(key.dir, previousReport);
  if (siteIsUpToDate(inputs)) {
    console.log(`Nothing to rebuild: the report in ${DIST} was built from these exports with this code and is unchanged since, so it keeps its comparison with the report before it (REBUILD=1 builds anyway).`);
  } else {
    await replaceFolder(DIST, async (staging) => {
      clearLoaderOutputs();
      const env = { ...process.env, DATA_DIR, REPORT_OUTPUT_DIR: staging, [ANALYSIS_DIR_ENV]: key.dir, PREVIOUS_REPORT: previousReport };
      let site: RunningProcess | null = null;
      const startSite = (source: DataSource) => {
        console.log(`Building the report from ${DATA_DIR} …`);
        site = start(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "site-build.ts")], { ...env, [ANALYSIS_SOURCE_ENV]: JSON.stringify(source) });
      };
      try {
        // A new analysis starts the site as soon as the exports are read, so Framework's own work overlaps it.
        const analysis = await ensureAnalysis(DATA_DIR, { key, log: (line) => console.log(line), onCompute: startSite });
        if (!site) startSite(JSON.parse(readFileSync(join(analysis.dir, "source.json"), "utf8")) as DataSource);
        await primeLoaderOutputs(analysis.dir, previousReport);
        // While Framework finishes the site: compress what it will publish of the analysis (precompressSite then finds it cached).
        warmCompressionCache([...SITE_ARTIFACTS.map((name) => join(analysis.dir, name)), join(CACHE, "data", "changes.json")]);
      } catch (error) {
        await (site as RunningProcess | null)?.stop();
        throw error;
      }
      if ((await site!.exited) !== 0) throw new BuildFailure("see the error above");
      for (const entry of readdirSync(staging, { recursive: true, encoding: "utf8" })) {
        if (!entry.endsWith(".html")) continue;
        const page = join(staging, entry);
        writeFileSync(page, addContentSecurityPolicy(readFileSync(page, "utf8")));
      }
      // Brotli and gzip copies next to the large files, for hosts that serve precompressed files (scripts/compression.ts).
      const started = Date.now();
      const packed = precompressSite(staging);
      pruneCompressionCache(started); // every copy this site uses was touched just now
      console.log(`Precompressed ${packed.files} files: ${(packed.bytes / 1e6).toFixed(1)} MB → ${(packed.brotli / 1e6).toFixed(1)} MB with brotli.`);
    });
    mkdirSync(dirname(SITE_RECORD), { recursive: true });
    writeFileSync(SITE_RECORD, JSON.stringify({ dist: DIST, inputs, stamp: siteStamp(DIST) }));
    console.log(`Report built into ${DIST}.`);
  }
} catch (error) {
  const kept = `The previous report in ${DIST} ${existsSync(DIST) ? "is left as it was" : "does not exist"}.`;
  if (error instanceof InputError) {
    console.error(`\nThe exports in ${DATA_DIR} cannot be used: ${error.message}\nBuild failed: fix the export (or DATA_DIR) and build again. ${kept}`);
    process.exitCode = 2;
  } else if (error instanceof PreviousReportError) {
    console.error(`\nCannot compare with the previous report: ${error.message}\nBuild failed: point PREVIOUS_REPORT at another report, or set PREVIOUS_REPORT=${NO_PREVIOUS_REPORT} to build without the comparison. ${kept}`);
    process.exitCode = 2;
  } else if (error instanceof BuildFailure) {
    console.error(`\nBuild failed: ${error.message}. ${kept}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  release();
}

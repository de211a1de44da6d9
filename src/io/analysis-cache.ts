// The analysis runs once per (data, code) pair; the build, the site's data loader and the benchmark read
// its artifacts from here. Cached under Framework's cache folder, keyed by the exports' content hash and a
// hash of the analysis code, so a data refresh or a code change can never serve stale artifacts.

import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InputError } from "../analysis/ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS } from "../analysis/ingest/exports.js";
import type { FolderArtifacts } from "./analyze-folder.js";
import { acquireLock, removeLeftoversOfDeadProcesses } from "./lock.js";
import { analysisLock } from "./build-env.js";
import { checkExportsFolder, dataDirFromEnv, isDemoDataDir, openExport, readCampaignFile, readExports, type DataSource, type ReadExports } from "./read-exports.js";
import { CAMPAIGN_FILE } from "../analysis/campaign/design.js";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
export const ANALYSIS_CACHE = join(REPO_ROOT, "src", ".observablehq", "cache", "_analysis");
/** Analyses kept in the cache (least recently used go first): at a million customers one takes gigabytes. */
const KEPT_ANALYSES = 4;
const HASH_CHUNK_BYTES = 8 << 20;

/** Every file whose change can change an artifact: the analysis core, its Node-only parts, this I/O layer and the lockfile. */
function codeHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) hash.update(path.slice(REPO_ROOT.length)).update(readFileSync(path));
    }
  };
  walk(join(REPO_ROOT, "src", "analysis"));
  walk(join(REPO_ROOT, "src", "node"));
  walk(join(REPO_ROOT, "src", "io"));
  hash.update(readFileSync(join(REPO_ROOT, "package-lock.json")));
  return hash.digest("hex");
}

/** A JSON artifact by name, or the browser's Arrow table. */
export type ArtifactFileName = `${keyof FolderArtifacts}.json` | "customers.arrow";

/** Where the analysis of these exports with this code is (or will be) cached, and the exports' hash in its key. */
export interface AnalysisKey {
  readonly dir: string;
  readonly dataHash: string;
}

export function cacheKey(dataDir: string): AnalysisKey {
  // A missing export has no hash: readExports then throws the error that names it.
  const dataHash = exportsSha256(dataDir) ?? readExports(dataDir).source.sha256;
  // source.json names the folder and says whether it is the demo data: the same exports elsewhere are another analysis.
  const folder = `${basename(resolve(dataDir))}\0${isDemoDataDir(dataDir)}`;
  return { dir: join(ANALYSIS_CACHE, createHash("sha256").update(dataHash).update(codeHash()).update(folder).digest("hex").slice(0, 32)), dataHash };
}

/**
 * Reads the exports for the analysis cached under `dataHash`: exports rewritten between hashing and
 * reading would otherwise be cached under the old content's key (and served for it later).
 */
export function readExportsHashed(dataDir: string, dataHash: string): ReadExports {
  const exports = readExports(dataDir);
  if (exports.source.sha256 !== dataHash) {
    throw new InputError({ file: dataDir, expected: "the same exports throughout the build (they changed while it was reading them; run the build again)" });
  }
  return exports;
}

export interface CachedAnalysis {
  /** The folder holding every artifact of this analysis. */
  readonly dir: string;
  /** The exports' content hash (DataSource.sha256). */
  readonly dataHash: string;
  /** True when this call ran the analysis, false when it was cached. */
  readonly computed: boolean;
}

/**
 * The cached analysis of the exports in `dataDir` with this code, running it first if it is new. One process
 * computes while others wait on a lock that names it; a lock or a half-written analysis left by a process
 * that no longer runs (an interrupted build) is taken over or removed at once.
 */
export interface EnsureOptions {
  /** Where the waiting and progress lines go (default: stderr). */
  readonly log?: (line: string) => void;
  /** The key, when the caller has already hashed the exports. */
  readonly key?: AnalysisKey;
  /**
   * Called when this call is about to compute the analysis, with the exports read and the analysis's lock
   * held: work that needs only the exports can start now and overlap the analysis (the build starts the site).
   */
  readonly onCompute?: (source: DataSource) => void;
}

export async function ensureAnalysis(dataDir = dataDirFromEnv(), { log = (line) => process.stderr.write(line + "\n"), key, onCompute }: EnsureOptions = {}): Promise<CachedAnalysis> {
  const { dir, dataHash } = key ?? cacheKey(dataDir);
  let computed = false;
  mkdirSync(ANALYSIS_CACHE, { recursive: true });
  if (!existsSync(dir)) {
    const release = await acquireLock(analysisLock(dir), { what: `the analysis of ${dataDir}`, log });
    try {
      removeLeftoversOfDeadProcesses(ANALYSIS_CACHE);
      if (!existsSync(dir)) {
        log(`Analysing the exports in ${dataDir} (no cached analysis of these exports with this code) …`);
        const tmp = `${dir}.tmp-${process.pid}`;
        try {
          // Loaded only here: a build that finds its analysis cached never loads the analysis code.
          const { analyzeExports, writeArtifacts } = await import("./analyze-folder.js");
          const exports = readExportsHashed(dataDir, dataHash);
          onCompute?.(exports.source);
          writeArtifacts(tmp, await analyzeExports(exports));
          renameSync(tmp, dir);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
        computed = true;
        pruneCache(ANALYSIS_CACHE, dir);
      }
    } finally {
      release();
    }
  }
  const now = new Date();
  utimesSync(dir, now, now); // marks this analysis as recently used
  return { dir, dataHash, computed };
}

/** Returns the path of a cached artifact, running the analysis first if this data and code are new. */
export async function artifactPath(name: ArtifactFileName, dataDir = dataDirFromEnv()): Promise<string> {
  return join((await ensureAnalysis(dataDir)).dir, name);
}

/**
 * The exports' content hash, the same value as DataSource.sha256, computed in fixed-size reads: every data
 * loader needs the key, and at a million customers reading the whole exports into memory in each of them
 * would cost a gigabyte per loader process.
 */
export function exportsSha256(dataDir: string): string | null {
  const whole = createHash("sha256");
  const chunk = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
  for (const name of EXPORT_NAMES) {
    const fileName = EXPORT_SPECS[name].fileName;
    let fd: number;
    try {
      checkExportsFolder(dataDir);
      fd = openExport(dataDir, fileName);
    } catch {
      return null; // readExports then throws the error that names what to fix
    }
    const hash = createHash("sha256");
    try {
      for (let n: number; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    whole.update(`${fileName}\0${hash.digest("hex")}\0`);
  }
  const campaign = readCampaignFile(dataDir);
  if (campaign) whole.update(`${CAMPAIGN_FILE}\0${campaign.sha256}\0`);
  return whole.digest("hex");
}

/** Removes all but the `keep` most recently used analyses (never `current`, never one in progress or its lock). */
export function pruneCache(cacheDir: string, current: string, keep = KEPT_ANALYSES): void {
  const entries = readdirSync(cacheDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{32}$/.test(e.name))
    .map((e) => join(cacheDir, e.name))
    .filter((path) => path !== current)
    .map((path) => ({ path, used: statSync(path).mtimeMs }))
    .sort((a, b) => b.used - a.used || (a.path < b.path ? -1 : 1));
  for (const { path } of entries.slice(keep - 1)) rmSync(path, { recursive: true, force: true });
}

/**
 * Runs `body`; an export that cannot be used ends the process with code 2 and one line naming what to fix
 * (after `prefix`), never a stack trace.
 */
export async function exitOnInputError<T>(prefix: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`\n${prefix}${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

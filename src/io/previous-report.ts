// The report a new one compares itself with (issue 17): an earlier `npm run analyze --out` folder, or the
// site the build is about to replace — its published artifacts in dist/ (dist/_file/data/<name>.<hash>.<ext>),
// or PREVIOUS_REPORT=dir. Both hold the same files (changes/snapshot.ts SNAPSHOT_FILES), read here into a
// ReportSnapshot for the pure comparison in analysis/changes/compare.ts.

import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DataType, tableFromIPC, type Vector } from "apache-arrow";
import { changesSince, SNAPSHOT_COLUMNS } from "../analysis/changes/compare.js";
import { modelSnapshot, SNAPSHOT_FILES, type ReportSnapshot, type SnapshotColumn, type SnapshotFile } from "../analysis/changes/snapshot.js";
import { InputError } from "../analysis/ingest/errors.js";
import { artifactPath } from "./analysis-cache.js";
import { exitIfNotMade, pinnedAnalysisReady } from "./build-env.js";
import { stableJson } from "./write-json.js";
import { dataDirFromEnv } from "./read-exports.js";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
/** PREVIOUS_REPORT=none builds without a comparison. */
export const NO_PREVIOUS_REPORT = "none";

/** A previous report that exists but cannot be compared with: the message says what is missing and how to go on. */
export class PreviousReportError extends Error {}

/**
 * Where a report file is: `dir/name` (an analyze folder) or, in a built site, the member of the site's archive
 * `dir/_file/data/analysis/<stem>.<hash>.<ext>` (sites built before the archive: `dir/_file/data/…`); null if absent.
 */
export function reportFile(dir: string, name: SnapshotFile): string | null {
  const plain = join(dir, name);
  if (existsSync(plain)) return plain;
  const archived = join(dir, "_file", "data", "analysis");
  const published = existsSync(archived) ? archived : join(dir, "_file", "data");
  if (!existsSync(published)) return null;
  const dot = name.lastIndexOf(".");
  const pattern = new RegExp(`^${name.slice(0, dot)}\\.[0-9a-f]{8}\\${name.slice(dot)}$`);
  const found = readdirSync(published).filter((f) => pattern.test(f));
  if (found.length > 1) throw new PreviousReportError(`the report in ${dir} publishes ${name} more than once (${found.join(", ")})`);
  return found.length === 1 ? join(published, found[0]) : null;
}

/** The files of SNAPSHOT_FILES the report in `dir` lacks. */
function missingFiles(dir: string): SnapshotFile[] {
  return SNAPSHOT_FILES.filter((name) => reportFile(dir, name) === null);
}

/**
 * The report to compare with: PREVIOUS_REPORT (a folder that must hold a report, or "none"), else the site in
 * REPORT_DIST or dist/ when it holds a complete report, else null (first build, or a site too old to compare).
 */
export function findPreviousReport(env: NodeJS.ProcessEnv = process.env, setting = "PREVIOUS_REPORT"): string | null {
  const explicit = env.PREVIOUS_REPORT?.trim();
  if (explicit === NO_PREVIOUS_REPORT) return null;
  if (explicit) {
    const dir = resolve(explicit);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PreviousReportError(`${setting}=${explicit} is not a folder`);
    const missing = missingFiles(dir);
    if (missing.length > 0) throw new PreviousReportError(`${setting}=${explicit} is not a report: ${missing.join(", ")} not found (expected an \`npm run analyze\` --out folder or a built site)`);
    return dir;
  }
  const dist = resolve(REPO_ROOT, env.REPORT_DIST ?? "dist");
  return existsSync(dist) && missingFiles(dist).length === 0 ? dist : null;
}

/**
 * For scripts/build.ts: the report the build is about to replace (PREVIOUS_REPORT, else the site in `dist`), as
 * the PREVIOUS_REPORT value to hand to the data loaders ("none" when there is nothing to compare with).
 */
export function previousReportForBuild(dist: string, fail: (message: string) => never): string {
  try {
    const found = findPreviousReport({ ...process.env, REPORT_DIST: dist });
    console.log(found ? `Comparing with the previous report in ${found}.` : "No previous report to compare with.");
    return found ?? NO_PREVIOUS_REPORT;
  } catch (error) {
    if (!(error instanceof PreviousReportError)) throw error;
    return fail(`${error.message} (set PREVIOUS_REPORT=${NO_PREVIOUS_REPORT} to build without the comparison)`);
  }
}

function vectorValues(vector: Vector): SnapshotColumn {
  if (DataType.isDictionary(vector.type)) return Array.from(vector, (v) => (v == null ? null : String(v)));
  return vector.toArray() as ArrayLike<number>;
}

/** Reads a report's snapshot; `locate` gives each file's path. */
export async function readSnapshot(locate: (name: SnapshotFile) => string | Promise<string>, label: string): Promise<ReportSnapshot> {
  const json = async (name: SnapshotFile) => {
    const path = await locate(name);
    try {
      return JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new PreviousReportError(`${label}: ${path} cannot be read as JSON (${(error as Error).message})`);
    }
  };
  const arrowPath = await locate("customers.arrow");
  const table = tableFromIPC(readFileSync(arrowPath));
  const columns: Record<string, SnapshotColumn> = {};
  for (const name of SNAPSHOT_COLUMNS) {
    const vector = table.getChild(name);
    if (!vector) throw new PreviousReportError(`${label}: ${arrowPath} has no column "${name}"`);
    columns[name] = vectorValues(vector);
  }
  const source = await json("source.json");
  return {
    source: { folder: source.folder, sha256: source.sha256, demo: source.demo },
    table: columns,
    defaults: await json("segments.json"),
    model: modelSnapshot(await json("metrics.json"), await json("shap_summary.json")),
  };
}

/** The snapshot of the report in `dir` (an analyze folder or a built site). */
export function readReport(dir: string, label = `the previous report in ${dir}`): Promise<ReportSnapshot> {
  return readSnapshot((name) => {
    const path = reportFile(dir, name);
    if (!path) throw new PreviousReportError(`${label} has no ${name}`);
    return path;
  }, label);
}

/** `npm run analyze -- --previous DIR`: writes changes.json into the analysis's own --out folder. */
export async function writeChanges(outDir: string, previousDir: string): Promise<void> {
  const previous = await readReport(resolve(previousDir));
  const current = await readReport(outDir, `the new analysis in ${outDir}`);
  writeFileSync(join(outDir, "changes.json"), stableJson(changesSince(previous, current)));
}

/** The whole body of the changes.json data loader: this build's analysis compared with the report it replaces. */
export async function emitChanges(): Promise<void> {
  let previousDir: string | null = null;
  try {
    // The build pins its analysis folder; run alone (npm run dev), one cache lookup (it hashes the exports) for all five files.
    const analysis = (await exitIfNotMade(pinnedAnalysisReady())) ?? dirname(await artifactPath("customers.arrow"));
    const current = await readSnapshot((name) => join(analysis, name), "this build's analysis");
    previousDir = findPreviousReport();
    process.stdout.write(stableJson(changesSince(previousDir ? await readReport(previousDir) : null, current)));
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`\nThe exports in ${dataDirFromEnv()} cannot be used: ${error.message}\nFix the export (or DATA_DIR) and rebuild.\n`);
      process.exit(2);
    }
    if (error instanceof PreviousReportError) {
      process.stderr.write(`\nCannot compare with the previous report: ${error.message}\nPoint PREVIOUS_REPORT at another report, or set PREVIOUS_REPORT=${NO_PREVIOUS_REPORT} to build without the comparison.\n`);
      process.exit(2);
    }
    throw error;
  }
}

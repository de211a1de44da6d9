// What scripts/build.ts tells the processes it starts (Framework's config and the site's data loaders).
// The build starts the site while its analysis is still running (the two overlap), so a loader may have to
// wait for the analysis it is pinned to.

import { existsSync } from "node:fs";
import { isProcessAlive, readLockOwner } from "./lock.js";
import type { DataSource } from "./read-exports.js";

/**
 * The folder of the analysis the build runs for this data (src/io/analysis-cache.ts). The footer and the
 * data loaders read it, so every page shows exactly that analysis and names exactly its exports; without
 * it (npm run dev) they read DATA_DIR themselves.
 */
export const ANALYSIS_DIR_ENV = "REPORT_ANALYSIS_DIR";
/** The exports that analysis reads (its source.json, as JSON), for the footer: Framework reads its config before the analysis is done. */
export const ANALYSIS_SOURCE_ENV = "REPORT_ANALYSIS_SOURCE";

export function pinnedAnalysisDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env[ANALYSIS_DIR_ENV];
  return dir && dir.trim() !== "" ? dir : null;
}

export function pinnedSource(env: NodeJS.ProcessEnv = process.env): DataSource | null {
  const json = env[ANALYSIS_SOURCE_ENV];
  return json && json.trim() !== "" ? (JSON.parse(json) as DataSource) : null;
}

export class AnalysisNotMadeError extends Error {}

/** The lock its computing process holds while the analysis in `dir` is being made. */
export const analysisLock = (dir: string) => `${dir}.lock`;

/**
 * The pinned analysis folder once it exists (null when none is pinned). The build computes it under its lock
 * while Framework already runs; this waits for it and never computes it: if the lock's owner stops without it
 * (a broken export, Ctrl-C), this throws AnalysisNotMadeError, and the build reports why.
 */
export async function pinnedAnalysisReady(env: NodeJS.ProcessEnv = process.env, pollMs = 100): Promise<string | null> {
  const dir = pinnedAnalysisDir(env);
  if (!dir) return null;
  for (;;) {
    if (existsSync(dir)) return dir;
    const owner = readLockOwner(analysisLock(dir));
    if (!owner || !isProcessAlive(owner.pid)) {
      if (existsSync(dir)) return dir;
      throw new AnalysisNotMadeError(`the analysis in ${dir} was not made: the build computing it stopped (its own error says why)`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** In a data loader: the build that was making the analysis stopped and reports why itself, so the loader ends quietly (code 1). */
export async function exitIfNotMade<T>(waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    if (!(error instanceof AnalysisNotMadeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

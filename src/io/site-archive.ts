// The site's one data loader (src/data/analysis.tar.ts) writes every artifact the pages read as members of
// one tar archive; pages read them as FileAttachment("data/analysis/<member>") and Framework extracts each
// member from it (Framework's archive pattern). So a build starts one loader process, not one per artifact,
// and reads the cached analysis once.

import { createReadStream, statSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pack } from "tar-stream";
import type { ArtifactFileName } from "./analysis-cache.js";
import { exitIfNotMade, pinnedAnalysisReady } from "./build-env.js";
import { dataDirFromEnv } from "./read-exports.js";

/** Every artifact a page reads, as a member of the archive (and nothing else: ledger.json or customers.json can be large). */
export const SITE_ARTIFACTS: readonly ArtifactFileName[] = [
  "source.json",
  "ledger_page.json",
  "customers_preview.json",
  "eda.json",
  "correlation.json",
  "metrics.json",
  "leaderboard.json",
  "models.json",
  "model.json",
  "honest_models.json",
  "split.json",
  "test_scores.json",
  "shap_summary.json",
  "shap_page.json",
  "shap_families_page.json",
  "shap_background.json",
  "segment_profile.json",
  "segments.json",
  "campaign.json",
  // Largest last: Framework reads the archive from the start for each member it extracts.
  "customers.arrow",
];

/** Member headers are fixed (time 0, owner 0, mode 0644), so the same artifacts give the same archive bytes. */
const HEADER = { mtime: new Date(0), mode: 0o644, uid: 0, gid: 0, uname: "", gname: "" } as const;

/** Writes the site's artifacts from an analysis folder to `output` as a tar archive, streaming each member. */
export async function writeSiteArchive(analysisDir: string, output: Writable): Promise<void> {
  const archive = pack();
  const written = pipeline(archive, output);
  for (const name of SITE_ARTIFACTS) {
    const path = join(analysisDir, name);
    const entry = archive.entry({ ...HEADER, name, size: statSync(path).size });
    await pipeline(createReadStream(path), entry);
  }
  archive.finalize();
  await written;
}

/** The whole body of the site's data loader: the archive to stdout, or one line saying what to fix (exit code 2). */
export async function emitSiteArchive(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dataDir = dataDirFromEnv(env);
  let analysisDir = await exitIfNotMade(pinnedAnalysisReady(env));
  if (!analysisDir) {
    // Imported only here: the analysis code is not needed (nor loaded) when the build pinned its analysis.
    const { ensureAnalysis, exitOnInputError } = await import("./analysis-cache.js");
    analysisDir = (await exitOnInputError(`The exports in ${dataDir} cannot be used: `, () => ensureAnalysis(dataDir))).dir;
  }
  await writeSiteArchive(analysisDir, process.stdout);
}

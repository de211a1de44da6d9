// What scripts/build.ts tells the processes it starts (Framework's config and the site's data loader).

/**
 * The folder of the analysis the build ran for this data (src/io/analysis-cache.ts). The footer and the
 * data loader read it, so every page shows exactly that analysis and names exactly its exports; without
 * it (npm run dev) they read DATA_DIR themselves.
 */
export const ANALYSIS_DIR_ENV = "REPORT_ANALYSIS_DIR";

export function pinnedAnalysisDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env[ANALYSIS_DIR_ENV];
  return dir && dir.trim() !== "" ? dir : null;
}

// The footer on every page: which data the report was built from (folder, rows, content hash) and when.
// Computed when Framework loads the config, i.e. once per build.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readExports, dataDirFromEnv, isDemoDataDir, type DataSource } from "./read-exports.js";
import { pinnedAnalysisDir, pinnedSource } from "./build-env.js";
import { escapeHtml } from "../components/escape.js";

const BUILD_DATE_FORMAT = new Intl.DateTimeFormat("ru-RU", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** SOURCE_DATE_EPOCH (seconds) pins the build date for reproducible builds; otherwise now. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date();
}

export function reportFooter(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDirFromEnv(env);
  const when = `${BUILD_DATE_FORMAT.format(buildDate(env))} UTC`;
  let source: DataSource;
  try {
    // In `npm run build`, the source of the analysis the pages show (the same exports, read once).
    const pinned = pinnedAnalysisDir(env);
    source = pinnedSource(env) ?? (pinned ? (JSON.parse(readFileSync(join(pinned, "source.json"), "utf8")) as DataSource) : readExports(dir).source);
  } catch (error) {
    return `<p>Отчёт собран ${escapeHtml(when)}. Данные из папки не прочитаны: ${escapeHtml(String((error as Error).message))}</p>`;
  }
  const rows = source.files.map((f) => `${escapeHtml(f.file)}: ${f.rows.toLocaleString("ru-RU")}`).join(", ");
  const demo = isDemoDataDir(dir) ? " <strong>Демонстрационные синтетические данные</strong>, не данные магазина." : "";
  return (
    `<p>Отчёт собран ${escapeHtml(when)} из папки «${escapeHtml(source.folder)}» (строк: ${rows}; ` +
    `SHA-256 выгрузок <code title="${escapeHtml(source.sha256)}">${escapeHtml(source.sha256.slice(0, 12))}</code>).${demo}</p>`
  );
}

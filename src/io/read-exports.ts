// Node-side I/O: reads the four exports from a folder. The only place that touches the file system
// on the way in; everything after this is the pure analysis core.

import { createHash } from "node:crypto";
import { readFileSync, existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { decodeUtf8, type DecodedText } from "../analysis/ingest/decode.js";
import { InputError } from "../analysis/ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../analysis/ingest/exports.js";

/** Exports larger than this are refused before reading: far beyond any plausible store export. */
export const MAX_EXPORT_BYTES = 2 * 1024 ** 3;

export interface DataSource {
  /** Folder name only (never an absolute path: it is printed on every page). */
  readonly folder: string;
  /** SHA-256 over the four files' bytes in a fixed order: identifies exactly which data a report shows. */
  readonly sha256: string;
  readonly files: { file: string; bytes: number; rows: number; sha256: string }[];
  /** True when the data is the repository's own synthetic demo set. */
  readonly demo: boolean;
}

export interface ReadExports {
  readonly texts: Record<ExportName, DecodedText>;
  readonly source: DataSource;
}

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
export const DEFAULT_DATA_DIR = join(REPO_ROOT, "data", "demo");

export function isDemoDataDir(dir: string): boolean {
  return resolve(dir) === DEFAULT_DATA_DIR;
}

/** The data folder a build uses: DATA_DIR from the environment, else the bundled demo data. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR && env.DATA_DIR.trim() !== "" ? env.DATA_DIR : DEFAULT_DATA_DIR);
}

export function readExports(dir: string): ReadExports {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError({ file: dir, expected: `a folder with ${EXPORT_NAMES.map((n) => EXPORT_SPECS[n].fileName).join(", ")}` });
  }
  const texts = {} as Record<ExportName, DecodedText>;
  const files: DataSource["files"] = [];
  const whole = createHash("sha256");
  for (const name of EXPORT_NAMES) {
    const fileName = EXPORT_SPECS[name].fileName;
    const path = join(dir, fileName);
    if (!existsSync(path)) {
      throw new InputError({ file: fileName, expected: `the file ${fileName} in ${dir} (it is missing)` });
    }
    const size = statSync(path).size;
    if (size > MAX_EXPORT_BYTES) {
      throw new InputError({ file: fileName, value: `${size} bytes`, expected: `an export smaller than ${MAX_EXPORT_BYTES} bytes` });
    }
    const bytes = readFileSync(path);
    texts[name] = decodeUtf8(fileName, bytes);
    const digest = createHash("sha256").update(bytes).digest("hex");
    whole.update(`${fileName}\0${digest}\0`);
    files.push({ file: fileName, bytes: bytes.length, rows: countDataLines(texts[name].text), sha256: digest });
  }
  return { texts, source: { folder: basename(resolve(dir)), sha256: whole.digest("hex"), files, demo: isDemoDataDir(dir) } };
}

/** Non-blank lines after the header: the raw row count shown in the footer (the ledger has the exact accounting). */
function countDataLines(text: string): number {
  let count = 0;
  for (const line of text.split(/\r\n|\n|\r/)) if (line.trim() !== "") count++;
  return Math.max(0, count - 1);
}

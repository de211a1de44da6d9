// Node-side I/O: reads the four exports from a folder. The only place that touches the file system
// on the way in; everything after this is the pure analysis core.
//
// Files are streamed in chunks, never held whole: readExports makes one pass per file (SHA-256, strict
// UTF-8 check, row count) and returns byte sources that the cleaning stage reads again, chunk by chunk,
// only if the analysis has to run. That second read is checked against the first pass's digest.

import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Utf8Chunks, type ExportBytes } from "../analysis/ingest/decode.js";
import { InputError } from "../analysis/ingest/errors.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../analysis/ingest/exports.js";
import { NonBlankLineCounter } from "../analysis/ingest/lines.js";
import { CAMPAIGN_FILE } from "../analysis/campaign/design.js";

/** Exports larger than this are refused before reading: far beyond any plausible store export. */
export const MAX_EXPORT_BYTES = 2 * 1024 ** 3;

/** Bytes read at a time. */
export const READ_CHUNK_BYTES = 1 << 20;

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
  /** The exports' bytes, read again in chunks when the analysis runs (the cleaning stage's input). */
  readonly texts: Record<ExportName, ExportBytes>;
  readonly source: DataSource;
  /** campaign.csv's bytes when the folder has one (a campaign to measure on these exports). */
  readonly campaign?: Uint8Array;
}

/** Far beyond any campaign file (a million customers take about 60 MB). */
export const MAX_CAMPAIGN_BYTES = 512 * 1024 ** 2;

/**
 * campaign.csv next to the exports, if any: its bytes and its digest, which joins the exports' hash (the
 * cache key and the footer's identity of the data). A campaign file is small, so it is read whole.
 */
export function readCampaignFile(dir: string): { bytes: Uint8Array; sha256: string; rows: number } | null {
  const path = join(dir, CAMPAIGN_FILE);
  if (!existsSync(path)) return null;
  const size = statSync(path).size;
  if (size > MAX_CAMPAIGN_BYTES) throw new InputError({ file: CAMPAIGN_FILE, value: `${size} bytes`, expected: `a campaign file smaller than ${MAX_CAMPAIGN_BYTES} bytes` });
  const bytes = readFileSync(path);
  const lines = new NonBlankLineCounter();
  lines.push(bytes);
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), rows: Math.max(0, lines.finish() - 1) };
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

export interface ReadOptions {
  /** Bytes per read (tests use tiny ones to put chunk boundaries everywhere). */
  readonly chunkBytes?: number;
}

export function readExports(dir: string, { chunkBytes = READ_CHUNK_BYTES }: ReadOptions = {}): ReadExports {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError({ file: dir, expected: `a folder with ${EXPORT_NAMES.map((n) => EXPORT_SPECS[n].fileName).join(", ")}` });
  }
  const texts = {} as Record<ExportName, ExportBytes>;
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
    // One pass: the digest over the raw bytes, the UTF-8 check and the row count over the text.
    const hash = createHash("sha256");
    let bytes = 0;
    const counted = (function* () {
      for (const chunk of fileChunks(path, chunkBytes)) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    })();
    const lines = new NonBlankLineCounter();
    for (const chunk of new Utf8Chunks(fileName, once(counted, () => fileChunks(path, chunkBytes)))) lines.push(chunk);
    const digest = hash.digest("hex");
    whole.update(`${fileName}\0${digest}\0`);
    const rows = Math.max(0, lines.finish() - 1);
    files.push({ file: fileName, bytes, rows, sha256: digest });
    texts[name] = fileBytes(fileName, path, digest, rows, chunkBytes);
  }
  const campaign = readCampaignFile(dir);
  if (campaign) {
    whole.update(`${CAMPAIGN_FILE}\0${campaign.sha256}\0`);
    files.push({ file: CAMPAIGN_FILE, bytes: campaign.bytes.length, rows: campaign.rows, sha256: campaign.sha256 });
  }
  return { texts, source: { folder: basename(resolve(dir)), sha256: whole.digest("hex"), files, demo: isDemoDataDir(dir) }, ...(campaign ? { campaign: campaign.bytes } : {}) };
}

/** The first call gets `first` (already being consumed), later ones (locating an encoding error) read afresh. */
function once(first: Iterable<Uint8Array>, again: () => Iterable<Uint8Array>): () => Iterable<Uint8Array> {
  let used = false;
  return () => {
    if (used) return again();
    used = true;
    return first;
  };
}

/** A file's bytes in chunks of `chunkBytes`; the chunk buffer is reused. */
function* fileChunks(path: string, chunkBytes: number): Generator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(Math.min(chunkBytes, Math.max(1, fstatSync(fd).size)));
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The export for the cleaning stage: read again from the file when needed. A file whose bytes no
 * longer match the digest (replaced while the build ran) is an error, not a report on other data
 * than the one the footer and the cache key name.
 */
function fileBytes(fileName: string, path: string, sha256: string, rows: number, chunkBytes: number): ExportBytes {
  return {
    fileName,
    rowsHint: rows,
    *chunks() {
      const changed = (what: string) => new InputError({ file: fileName, expected: `the same file throughout the build (it ${what} after it was first read; run the build again)` });
      const hash = createHash("sha256");
      const chunks = fileChunks(path, chunkBytes);
      let next: IteratorResult<Uint8Array>;
      try {
        next = chunks.next(); // opens the file
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw changed("was removed");
        throw error;
      }
      try {
        for (; !next.done; next = chunks.next()) {
          hash.update(next.value);
          yield next.value;
        }
      } finally {
        chunks.return(undefined); // closes the file when the reader stopped early
      }
      if (hash.digest("hex") !== sha256) throw changed("changed");
    },
  };
}

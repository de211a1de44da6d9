// Node-side I/O: reads the four exports from a folder. The only place that touches the file system
// on the way in; everything after this is the pure analysis core.
//
// Files are streamed in chunks, never held whole: readExports makes one pass per file (SHA-256, strict
// UTF-8 check, row count) and returns byte sources that the cleaning stage reads again, chunk by chunk,
// only if the analysis has to run. That second read is checked against the first pass's digest.

import { createHash } from "node:crypto";
import { accessSync, closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from "node:fs";
import { userInfo } from "node:os";
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
  const stats = statSync(path);
  // A FIFO or a device would block or never end (their size says 0): only a regular file is read.
  if (!stats.isFile()) throw new InputError({ file: CAMPAIGN_FILE, value: `not a regular file (${path})`, expected: "a regular file: replace it with the campaign.csv the report exported, or remove it" });
  const size = stats.size;
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
  /** Largest export accepted, counted while reading (tests use small ones). */
  readonly maxBytes?: number;
}

const EXPECTED_FILES = EXPORT_NAMES.map((n) => EXPORT_SPECS[n].fileName).join(", ");

/** What a file-system object is, in words, for one that is not what was expected. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device (such as /dev/zero)";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * A file-system error on the way to an export as a one-line InputError naming the path and what to do
 * (the CLI and the build exit with code 2 on it), instead of a stack trace. ENOENT is the caller's.
 */
export function fileSystemError(path: string, error: unknown, isFolder = false): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const user = userInfo().username;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return new InputError({
        file: path,
        value: `permission denied (${code})`,
        expected: isFolder
          ? `a folder the user running this (${user}) can list and enter: chmod a+rx ${path}`
          : `a file the user running this (${user}) can read: chmod a+r ${path}`,
      });
    case "EISDIR":
      return new InputError({ file: path, value: "a folder", expected: `the export as a regular file: rename or remove the folder and put the export there` });
    case "ELOOP":
      return new InputError({ file: path, value: "a loop of symbolic links", expected: `the export itself or a link to it` });
    case "ENOTDIR":
      return new InputError({ file: path, value: "a path through something that is not a folder", expected: `a folder with ${EXPECTED_FILES}` });
    case "ENOENT":
      return new InputError({ file: path, value: "nothing (it does not exist)", expected: isFolder ? `a folder with ${EXPECTED_FILES} (check DATA_DIR or --data)` : "the export" });
    default:
      return code ? new InputError({ file: path, value: `a read error (${code})`, expected: "a readable file: check the disk and the path" }) : (error as Error);
  }
}

/** An export that is not in its folder. */
class MissingExport extends InputError {}

/** The exports' folder exists, is a folder and can be entered and listed; otherwise one line says what to fix. */
export function checkExportsFolder(dir: string): void {
  let stats: Stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError({ file: dir, expected: `a folder with ${EXPECTED_FILES}` });
    throw fileSystemError(dir, error, true);
  }
  if (!stats.isDirectory()) throw new InputError({ file: dir, value: kindOf(stats), expected: `a folder with ${EXPECTED_FILES}` });
  try {
    // An unreadable folder would otherwise make every export look "missing".
    accessSync(dir, constants.R_OK | constants.X_OK);
  } catch (error) {
    throw fileSystemError(dir, error, true);
  }
}

/**
 * Opens one export for reading after checking it is a regular file (a symbolic link to one is fine). Named
 * pipes, devices (e.g. a link to /dev/zero), sockets and folders are refused before a byte is read: reading
 * them may never end, and their size says nothing. The file is opened without blocking (a FIFO swapped in
 * after the check cannot hang the open) and checked again through the open descriptor.
 */
export function openExport(dir: string, fileName: string, maxBytes = MAX_EXPORT_BYTES): number {
  const path = join(dir, fileName);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new MissingExport({ file: fileName, expected: `the file ${fileName} in ${dir} (it is missing)` });
    }
    throw fileSystemError(path, error);
  }
  const refuse = (s: Stats) =>
    new InputError({ file: path, value: kindOf(s), expected: "a regular file (special files and folders are refused: reading them may never end); copy the export into a regular file" });
  if (!stats.isFile()) throw refuse(stats);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileSystemError(path, error);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw refuse(opened);
    if (opened.size > maxBytes) throw tooLarge(fileName, `${opened.size} bytes`, maxBytes);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

function tooLarge(fileName: string, found: string, maxBytes: number): InputError {
  return new InputError({ file: fileName, value: found, expected: `an export smaller than ${maxBytes} bytes` });
}

export function readExports(dir: string, { chunkBytes = READ_CHUNK_BYTES, maxBytes = MAX_EXPORT_BYTES }: ReadOptions = {}): ReadExports {
  checkExportsFolder(dir);
  const texts = {} as Record<ExportName, ExportBytes>;
  const files: DataSource["files"] = [];
  const whole = createHash("sha256");
  for (const name of EXPORT_NAMES) {
    const fileName = EXPORT_SPECS[name].fileName;
    const read = () => fileChunks(dir, fileName, chunkBytes, maxBytes);
    // One pass: the digest over the raw bytes, the UTF-8 check and the row count over the text.
    const hash = createHash("sha256");
    let bytes = 0;
    const counted = (function* () {
      for (const chunk of read()) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    })();
    const lines = new NonBlankLineCounter();
    for (const chunk of new Utf8Chunks(fileName, once(counted, read))) lines.push(chunk);
    const digest = hash.digest("hex");
    whole.update(`${fileName}\0${digest}\0`);
    const rows = Math.max(0, lines.finish() - 1);
    files.push({ file: fileName, bytes, rows, sha256: digest });
    texts[name] = fileBytes(fileName, read, digest, rows);
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

/**
 * A file's bytes in chunks of `chunkBytes` (the chunk buffer is reused). The bytes are counted as they
 * come: a file that grows past `maxBytes` while being read (or claims size 0, as /proc files do) is refused.
 */
function* fileChunks(dir: string, fileName: string, chunkBytes: number, maxBytes: number): Generator<Uint8Array> {
  const fd = openExport(dir, fileName, maxBytes);
  try {
    const size = fstatSync(fd).size;
    const buffer = new Uint8Array(size > 0 ? Math.min(chunkBytes, size) : chunkBytes);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      total += n;
      if (total > maxBytes) throw tooLarge(fileName, `more than ${maxBytes} bytes`, maxBytes);
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
function fileBytes(fileName: string, read: () => Generator<Uint8Array>, sha256: string, rows: number): ExportBytes {
  return {
    fileName,
    rowsHint: rows,
    *chunks() {
      const changed = (what: string) => new InputError({ file: fileName, expected: `the same file throughout the build (it ${what} after it was first read; run the build again)` });
      const hash = createHash("sha256");
      const chunks = read();
      let next: IteratorResult<Uint8Array>;
      try {
        next = chunks.next(); // opens the file
      } catch (error) {
        if (error instanceof MissingExport) throw changed("was removed");
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

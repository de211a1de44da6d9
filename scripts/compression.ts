// Compressed delivery of the built report. The build writes `.br` and `.gz` copies next to every
// compressible file (precompressSite, the last step of scripts/build.ts), so any static host that
// serves precompressed files (nginx's gzip_static/brotli_static, Caddy's precompressed, most CDNs)
// sends a first visit to /segments in a fraction of its bytes; scripts/static-server.ts picks them by
// the request's Accept-Encoding and, for a file without copies, compresses on the fly once and keeps
// the result in memory.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Types worth compressing (images and fonts are compressed already). */
export const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".wasm", ".arrow", ".csv", ".svg", ".txt", ".map"]);
/** Smaller files gain less than the extra request headers cost. */
export const MIN_BYTES = 1024;

/** Whether a file of this name and size gets compressed copies. */
const worthCompressing = (file: string, bytes: number) => COMPRESSIBLE.has(extname(file)) && bytes >= MIN_BYTES;

export type Encoding = "br" | "gzip";
export const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

export function compress(bytes: Uint8Array, encoding: Encoding, fast = false): Buffer {
  if (encoding === "gzip") return gzipSync(bytes, { level: fast ? 6 : 9 });
  // Brotli's top quality costs minutes on DuckDB's 30 MB WebAssembly; quality 9 is within a few per cent of it.
  const quality = fast ? 5 : bytes.byteLength > 4_000_000 ? 9 : 11;
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } });
}

/**
 * Compressed copies by content: the largest files (DuckDB's WebAssembly, the vendored packages) are the
 * same from build to build, so a rebuild compresses only what changed. Outside Framework's cache, which
 * the build clears.
 */
const COMPRESSED_CACHE = resolve(import.meta.dirname, "..", "node_modules", ".cache", "precompressed");

/** The cache keeps at most this many bytes, least recently used first out, besides what the last build used. */
const COMPRESSED_CACHE_BYTES = 512 << 20;

/** Both encodings of `data` (hashed once for the cache). */
function compressCached(data: Buffer, cacheDir: string | null): Record<Encoding, Buffer> {
  const key = cacheDir ? createHash("sha256").update(data).digest("hex") : "";
  const one = (encoding: Encoding) => (cacheDir ? cachedCopy(data, encoding, join(cacheDir, `${key}${SUFFIX[encoding]}`)) : compress(data, encoding));
  return { br: one("br"), gzip: one("gzip") };
}

function cachedCopy(data: Buffer, encoding: Encoding, file: string): Buffer {
  const cacheDir = dirname(file);
  try {
    const now = new Date();
    utimesSync(file, now, now); // recently used: pruned last
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; // not cached (or just pruned by another build)
  }
  const packed = compress(data, encoding);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(`${file}.tmp-${process.pid}`, packed);
  renameSync(`${file}.tmp-${process.pid}`, file); // whole or absent: builds of other checkouts may share node_modules
  return packed;
}

/**
 * Fills the cache for `files` ahead of precompressSite: the build compresses its analysis's artifacts, which the
 * site publishes byte for byte, while Framework is still busy with the rest of the site.
 */
export function warmCompressionCache(files: readonly string[], cacheDir: string = COMPRESSED_CACHE): void {
  for (const file of files) {
    const data = readFileSync(file);
    if (worthCompressing(file, data.byteLength)) compressCached(data, cacheDir);
  }
}

/**
 * Drops the least recently used compressed copies beyond `maxBytes` (never one used since `keepSince`, ms): each
 * refresh of the data adds copies of its artifacts, which no later build asks for again.
 */
export function pruneCompressionCache(keepSince: number, cacheDir: string = COMPRESSED_CACHE, maxBytes = COMPRESSED_CACHE_BYTES): void {
  if (!existsSync(cacheDir)) return;
  const entries = readdirSync(cacheDir)
    .map((name) => join(cacheDir, name))
    .map((path) => ({ path, ...statSync(path) }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : 1));
  let kept = 0;
  for (const { path, size, mtimeMs } of entries) {
    kept += size;
    if (kept > maxBytes && mtimeMs < keepSince - 1000) rmSync(path, { force: true }); // a second's slack: file times round
  }
}

/** Writes `.br` and `.gz` next to every compressible file of `dir` (kept only when smaller); returns the bytes before and after brotli. */
export function precompressSite(dir: string, cacheDir: string | null = COMPRESSED_CACHE): { files: number; bytes: number; brotli: number } {
  let files = 0, bytes = 0, brotli = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = join(dir, entry);
    if (!COMPRESSIBLE.has(extname(file)) || !statSync(file).isFile()) continue; // skip the reads of folders and images
    const data = readFileSync(file);
    if (!worthCompressing(file, data.byteLength)) continue;
    files++;
    bytes += data.byteLength;
    let smallest = data.byteLength;
    const copies = compressCached(data, cacheDir);
    for (const encoding of ["br", "gzip"] as const) {
      const packed = copies[encoding];
      if (packed.byteLength < data.byteLength) writeFileSync(file + SUFFIX[encoding], packed);
      if (encoding === "br") smallest = Math.min(smallest, packed.byteLength);
    }
    brotli += smallest;
  }
  return { files, bytes, brotli };
}

/** The encodings a request accepts, best first (q=0 excluded). */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  const accepted = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  return (["br", "gzip"] as const).filter((e) => (accepted.get(e) ?? accepted.get("*") ?? 0) > 0);
}

/** Compressed bodies made on the fly, by file, modification time, size and encoding. */
const cache = new Map<string, Buffer>();

/**
 * The body to send for `file` given the request's Accept-Encoding: a fresh precompressed copy, else a
 * cached on-the-fly one, else null (send the file as it is).
 */
export function compressedBody(file: string, acceptEncoding: string | undefined): { encoding: Encoding; body: Buffer | string } | null {
  const stat = statSync(file);
  if (!worthCompressing(file, stat.size)) return null;
  for (const encoding of acceptedEncodings(acceptEncoding)) {
    const copy = file + SUFFIX[encoding];
    if (existsSync(copy) && statSync(copy).mtimeMs >= stat.mtimeMs) return { encoding, body: copy };
  }
  const [encoding] = acceptedEncodings(acceptEncoding);
  if (!encoding) return null;
  const key = `${file}\u0000${stat.mtimeMs}\u0000${stat.size}\u0000${encoding}`;
  let body = cache.get(key);
  if (!body) {
    body = compress(readFileSync(file), encoding, true);
    cache.set(key, body);
  }
  return { encoding, body };
}

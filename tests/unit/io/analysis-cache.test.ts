import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { cacheKey, exportsSha256, pruneCache, readExportsHashed } from "../../../src/io/analysis-cache.js";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import { DEFAULT_DATA_DIR, readExports } from "../../../src/io/read-exports.js";

test("the analysis cache keeps the current and the most recently used analyses, and nothing in progress is touched", () => {
  const cache = mkdtempSync(join(tmpdir(), "analysis-cache-"));
  try {
    const key = (i: number) => i.toString(16).padStart(32, "0");
    for (let i = 1; i <= 6; i++) {
      mkdirSync(join(cache, key(i)));
      const t = new Date(2026, 0, i);
      utimesSync(join(cache, key(i)), t, t);
    }
    mkdirSync(join(cache, `${key(9)}.lock`));
    mkdirSync(join(cache, `${key(9)}.tmp-123`));
    mkdirSync(join(cache, "_npm"));
    pruneCache(cache, join(cache, key(1)), 3); // the current one is the oldest by time, and still stays
    assert.deepEqual(readdirSync(cache).sort(), [key(1), key(5), key(6), `${key(9)}.lock`, `${key(9)}.tmp-123`, "_npm"].sort());
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test("the cache key's data hash, read in chunks, equals the hash the report prints (DataSource.sha256)", () => {
  for (const dir of [DEFAULT_DATA_DIR, join(import.meta.dirname, "..", "..", "..", "..", "shared", "data", "one-click")]) {
    if (!existsSync(dir)) continue;
    assert.equal(exportsSha256(dir), readExports(dir).source.sha256, dir);
  }
  assert.equal(exportsSha256(join(tmpdir(), "no-such-exports-folder")), null);
});

test("exports rewritten between the cache key's hash and the analysis's read are refused, naming the folder", () => {
  const dir = DEFAULT_DATA_DIR;
  const hash = exportsSha256(dir)!;
  assert.equal(readExportsHashed(dir, hash).source.sha256, hash, "unchanged exports are read");
  const stale = hash.replace(/^./, (c) => (c === "0" ? "1" : "0"));
  assert.throws(() => readExportsHashed(dir, stale), (error: unknown) => error instanceof InputError && error.file === dir && /changed while it was reading/.test(error.message));
});

test("the same exports in another folder are another analysis: source.json names the folder and whether it is the demo data", () => {
  const work = mkdtempSync(join(tmpdir(), "analysis-key-"));
  try {
    const copy = join(work, "refresh-2026-12");
    cpSync(DEFAULT_DATA_DIR, copy, { recursive: true });
    const demo = cacheKey(DEFAULT_DATA_DIR);
    const elsewhere = cacheKey(copy);
    assert.equal(elsewhere.dataHash, demo.dataHash, "the same bytes");
    assert.notEqual(elsewhere.dir, demo.dir);
    assert.equal(cacheKey(copy).dir, elsewhere.dir, "and the same folder again is the same analysis");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

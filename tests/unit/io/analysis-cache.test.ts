import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pruneCache } from "../../../src/io/analysis-cache.js";

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

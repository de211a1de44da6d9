// Compressed delivery: the build's precompressed copies, the server's choice by Accept-Encoding, and
// on-the-fly compression for files without copies — each body decompresses to the file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { acceptedEncodings, compressedBody, precompressSite, pruneCompressionCache, warmCompressionCache } from "../../../scripts/compression.js";

test("Accept-Encoding: brotli first, q=0 refused, nothing when none is accepted", () => {
  assert.deepEqual(acceptedEncodings("gzip, deflate, br, zstd"), ["br", "gzip"]);
  assert.deepEqual(acceptedEncodings("gzip;q=1, br;q=0"), ["gzip"]);
  assert.deepEqual(acceptedEncodings("identity"), []);
  assert.deepEqual(acceptedEncodings(undefined), []);
});

test("precompressed copies are written for large compressible files and served; others compressed on the fly", () => {
  const dir = mkdtempSync(join(tmpdir(), "compress-"));
  try {
    const big = join(dir, "app.js");
    const text = "export const x = 1;\n".repeat(2000);
    writeFileSync(big, text);
    writeFileSync(join(dir, "tiny.js"), "1");
    writeFileSync(join(dir, "photo.png"), Buffer.alloc(5000));
    const summary = precompressSite(dir, null);
    assert.equal(summary.files, 1);
    assert.ok(existsSync(big + ".br") && existsSync(big + ".gz"));
    assert.ok(!existsSync(join(dir, "tiny.js.br")) && !existsSync(join(dir, "photo.png.br")));
    const br = compressedBody(big, "gzip, br")!;
    assert.equal(br.encoding, "br");
    assert.equal(brotliDecompressSync(readFileSync(br.body as string)).toString(), text);
    const gz = compressedBody(big, "gzip")!;
    assert.equal(gunzipSync(readFileSync(gz.body as string)).toString(), text);
    assert.equal(compressedBody(big, "identity"), null);
    const fresh = join(dir, "data.json");
    writeFileSync(fresh, JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ i }))));
    const onTheFly = compressedBody(fresh, "br")!;
    assert.ok(Buffer.isBuffer(onTheFly.body));
    assert.equal(brotliDecompressSync(onTheFly.body as Buffer).toString(), readFileSync(fresh, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the compression cache: warmed copies are what precompressSite writes; pruning drops the least recently used beyond the cap, never one in use", () => {
  const dir = mkdtempSync(join(tmpdir(), "compress-cache-"));
  try {
    const site = join(dir, "site");
    const cache = join(dir, "cache");
    mkdirSync(site);
    const artifact = join(dir, "eda.json");
    writeFileSync(artifact, JSON.stringify(Array.from({ length: 800 }, (_, i) => ({ i, v: i * 0.5 }))));
    warmCompressionCache([artifact], cache);
    const warmed = readdirSync(cache).sort();
    assert.deepEqual(warmed.map((f) => f.replace(/^[0-9a-f]{64}/, "")), [".br", ".gz"]);
    cpSync(artifact, join(site, "eda.1234abcd.json"));
    const before = Date.now();
    precompressSite(site, cache);
    assert.deepEqual(readdirSync(cache).sort(), warmed, "precompressSite found both copies cached");
    assert.equal(brotliDecompressSync(readFileSync(join(site, "eda.1234abcd.json.br"))).toString(), readFileSync(artifact, "utf8"));

    const old = join(cache, `${"0".repeat(64)}.br`);
    writeFileSync(old, Buffer.alloc(4096));
    utimesSync(old, new Date(before - 86_400_000), new Date(before - 86_400_000));
    pruneCompressionCache(before, cache, 1 << 20);
    assert.ok(existsSync(old), "within the cap nothing goes");
    pruneCompressionCache(before, cache, 1);
    assert.ok(!existsSync(old), "beyond the cap the least recently used goes");
    assert.deepEqual(readdirSync(cache).sort(), warmed, "copies this build used stay, whatever the cap");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

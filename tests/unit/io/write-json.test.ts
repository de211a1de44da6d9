import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { jsonPieces, stableJson, writeJsonFile } from "../../../src/io/write-json.js";

// A value shaped like our artifacts, with long arrays at several depths and the awkward JSON cases:
// undefined / functions (omitted in objects, null in arrays), NaN and Infinity (null), nested long arrays.
function awkwardArtifact(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({ id: i, p: i / 7, name: `«${i}» "q"\n`, skip: i % 3 ? undefined : () => 1, nan: i % 5 ? NaN : Infinity }));
  return {
    source: { folder: "x", sha256: "ab" },
    rows,
    nested: { ids: rows.map((r) => r.id), values: rows.map((r) => [r.p, -r.p]), none: undefined },
    sparse: Array.from({ length: n }, (_, i) => (i % 2 ? undefined : i)),
    small: [1, 2, 3],
    date: new Date(0),
  };
}

test("the streamed file is byte-identical to JSON.stringify, short and long arrays alike", () => {
  const dir = mkdtempSync(join(tmpdir(), "write-json-"));
  try {
    for (const n of [0, 3, 1025, 5000]) {
      const value = awkwardArtifact(n);
      const path = join(dir, `a${n}.json`);
      writeJsonFile(path, value);
      assert.equal(readFileSync(path, "utf8"), stableJson(value), `n = ${n}`);
    }
    const top = Array.from({ length: 3000 }, (_, i) => ({ i }));
    writeJsonFile(join(dir, "top.json"), top);
    assert.equal(readFileSync(join(dir, "top.json"), "utf8"), stableJson(top));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("long arrays are written in pieces, so no single string holds the whole artifact", () => {
  const value = awkwardArtifact(5000);
  const pieces = [...jsonPieces(value)];
  const total = pieces.reduce((s, p) => s + p.length, 0);
  assert.ok(pieces.length > 5000, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < total / 100);
});

test("a long array deep inside short containers (the ledger's rows, four levels down) is written in pieces too", () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ line: i + 2, id: i }));
  const ledger = { files: { market_file: { corrected: [{ column: "c", rows }] } }, short: [[1, 2], { a: [3] }] };
  const pieces = [...jsonPieces(ledger)];
  assert.ok(pieces.length > 5000, `${pieces.length} pieces`);
  assert.equal(pieces.join(""), JSON.stringify(ledger));
});

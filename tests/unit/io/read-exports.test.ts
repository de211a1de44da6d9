import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExports, dataDirFromEnv, DEFAULT_DATA_DIR } from "../../../src/io/read-exports.js";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import { tinyExports } from "../../helpers/tiny-exports.js";

function writeTiny(omit?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "exports-"));
  for (const [name, text] of Object.entries(tinyExports(4))) if (name !== omit) writeFileSync(join(dir, `${name}.csv`), text);
  return dir;
}

test("a missing export is named in the error", () => {
  const dir = writeTiny("money");
  try {
    assert.throws(() => readExports(dir), (e: unknown) => e instanceof InputError && e.file === "money.csv" && /missing/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("a missing folder is a clear error", () => {
  assert.throws(() => readExports("/nonexistent/exports"), /a folder with market_file.csv/);
});

test("the content hash identifies the data and changes with any byte", () => {
  const dir = writeTiny();
  try {
    const a = readExports(dir).source;
    assert.equal(readExports(dir).source.sha256, a.sha256);
    assert.deepEqual(a.files.map((f) => f.rows), [4, 12, 8, 4]);
    writeFileSync(join(dir, "money.csv"), tinyExports(4).money.replace("3,10", "3,11"));
    assert.notEqual(readExports(dir).source.sha256, a.sha256);
    assert.equal(a.demo, false);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("DATA_DIR selects the data; the demo set is the default", () => {
  assert.equal(dataDirFromEnv({}), DEFAULT_DATA_DIR);
  assert.equal(dataDirFromEnv({ DATA_DIR: "/tmp/x" }), "/tmp/x");
});

// The command-line entry writes the artifact contract, byte-identically for the same input.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tinyExports } from "../../helpers/tiny-exports.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function writeExports(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), "cli-exports-"));
  for (const [name, text] of Object.entries(tinyExports(n))) writeFileSync(join(dir, `${name}.csv`), text);
  return dir;
}

function analyze(dataDir: string): string {
  const out = mkdtempSync(join(tmpdir(), "cli-out-"));
  execFileSync(TSX, ["src/cli/analyze.ts", "--data", dataDir, "--out", out], { cwd: ROOT, stdio: "pipe" });
  return out;
}

test("npm run analyze writes ledger.json and customers.json in the documented shape", () => {
  const data = writeExports(40);
  const out = analyze(data);
  try {
    const ledger = JSON.parse(readFileSync(join(out, "ledger.json"), "utf8"));
    assert.deepEqual(Object.keys(ledger.files).sort(), ["market_file", "market_money", "market_time", "money"]);
    for (const f of Object.values(ledger.files) as { raw: number; kept: number; corrected: unknown[]; excluded: unknown[] }[]) {
      assert.equal(typeof f.raw, "number");
      assert.ok(Array.isArray(f.corrected) && Array.isArray(f.excluded));
    }
    assert.deepEqual(Object.keys(ledger.customers), ["raw", "kept", "excluded", "excluded_count", "excluded_by_code"]);
    const customers = JSON.parse(readFileSync(join(out, "customers.json"), "utf8"));
    assert.equal(customers.length, 40);
    assert.equal(customers[0].id, 100001);
  } finally {
    rmSync(data, { recursive: true });
    rmSync(out, { recursive: true });
  }
});

test("two runs on the same input produce byte-identical artifacts", () => {
  const data = writeExports(60);
  const [a, b] = [analyze(data), analyze(data)];
  try {
    const files = readdirSync(a).sort();
    assert.deepEqual(readdirSync(b).sort(), files);
    for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between runs`);
  } finally {
    for (const d of [data, a, b]) rmSync(d, { recursive: true });
  }
});

test("bad exports fail with exit code 2 and a message naming file, line and column", () => {
  const data = writeExports(10);
  writeFileSync(join(data, "market_time.csv"), tinyExports(10).market_time.replace("100003,текущий_месяц,12", "100003,текущий_месяц,много"));
  try {
    const result = spawnSync(TSX, ["src/cli/analyze.ts", "--data", data, "--out", join(data, "out")], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /market_time\.csv, line 6, column "минут": found "много"; expected a whole number/);
  } finally {
    rmSync(data, { recursive: true });
  }
});

// npm run analyze --previous: changes.json compares the new analysis with an earlier --out folder.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tinyExports } from "../../helpers/tiny-exports.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

test("analyze --previous writes changes.json against the earlier folder, and refuses a folder that is not a report", () => {
  const work = mkdtempSync(join(tmpdir(), "cli-previous-"));
  try {
    const data = join(work, "data");
    execFileSync("mkdir", [data]);
    for (const [name, text] of Object.entries(tinyExports(40))) writeFileSync(join(data, `${name}.csv`), text);
    const first = join(work, "first");
    execFileSync(TSX, ["src/cli/analyze.ts", "--data", data, "--out", first], { cwd: ROOT, stdio: "pipe" });
    assert.equal(existsSync(join(first, "changes.json")), false, "no changes.json without --previous");
    const second = join(work, "second");
    execFileSync(TSX, ["src/cli/analyze.ts", "--data", data, "--out", second, "--previous", first], { cwd: ROOT, stdio: "pipe" });
    const changes = JSON.parse(readFileSync(join(second, "changes.json"), "utf8"));
    assert.equal(changes.same_data, true);
    assert.deepEqual(changes.customers, { previous: 40, current: 40, new: 0, gone: 0, both: 40 });
    assert.ok(changes.drift.every((d: { psi: number; level: string }) => d.psi === 0 && d.level === "none"), "the same exports do not drift");
    assert.deepEqual(Object.keys(changes), ["previous", "current", "same_data", "customers", "psi_levels", "psi_bins", "psi_empty_share", "drift", "class_balance", "categories", "previous_scores", "segment_flow", "model", "verdict"]);
    const refused = spawnSync(TSX, ["src/cli/analyze.ts", "--data", data, "--out", join(work, "third"), "--previous", data], { cwd: ROOT, encoding: "utf8" });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /Cannot compare with the previous report: --previous=.* is not a report: customers\.arrow, .* not found/);
    assert.equal(existsSync(join(work, "third")), false, "refused before the analysis ran");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// All-or-nothing output folders: a failed fill leaves the target as it was; leftovers of dead runs go,
// and a run killed in the middle of the swap gets its previous folder back.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replaceFolder } from "../../../src/io/staging.js";

function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

test("the target is replaced only when the fill succeeded; a failed fill leaves it and no staging folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), "staging-"));
  try {
    const target = join(dir, "out");
    await replaceFolder(target, (staging) => writeFileSync(join(staging, "a.json"), "1"));
    assert.equal(readFileSync(join(target, "a.json"), "utf8"), "1");
    await assert.rejects(
      replaceFolder(target, (staging) => {
        writeFileSync(join(staging, "a.json"), "cut");
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }),
      /ENOSPC/,
    );
    assert.equal(readFileSync(join(target, "a.json"), "utf8"), "1");
    assert.deepEqual(readdirSync(dir), ["out"]);
    await replaceFolder(target, (staging) => writeFileSync(join(staging, "b.json"), "2"));
    assert.deepEqual(readdirSync(target), ["b.json"], "replaced as a whole");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a run killed in the middle of the swap: its previous folder is put back, its staging folder removed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "staging-"));
  try {
    const dead = deadPid();
    mkdirSync(join(dir, `dist.previous-${dead}`));
    writeFileSync(join(dir, `dist.previous-${dead}`, "index.html"), "good");
    mkdirSync(join(dir, `dist.staging-${dead}`));
    await assert.rejects(
      replaceFolder(join(dir, "dist"), () => {
        throw new Error("the next build fails");
      }),
    );
    assert.deepEqual(readdirSync(dir).sort(), ["dist"]);
    assert.equal(readFileSync(join(dir, "dist", "index.html"), "utf8"), "good", "the report from before the interrupted swap");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

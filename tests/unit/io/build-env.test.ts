// The build starts Framework while its analysis is still running: a data loader pinned to that analysis waits
// for it while the build holds its lock, and never computes it or waits forever when the build stopped.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ANALYSIS_DIR_ENV, AnalysisNotMadeError, analysisLock, pinnedAnalysisReady } from "../../../src/io/build-env.js";
import { acquireLock } from "../../../src/io/lock.js";
import { withTempDir } from "../../helpers/temp-dir.js";

const withDir = (body: (dir: string) => Promise<void>) => withTempDir("build-env-", body);

const pinned = (dir: string) => ({ [ANALYSIS_DIR_ENV]: dir });

test("without a pinned analysis (npm run dev) there is nothing to wait for", async () => {
  assert.equal(await pinnedAnalysisReady({}), null);
  assert.equal(await pinnedAnalysisReady({ [ANALYSIS_DIR_ENV]: " " }), null);
});

test(
  "a pinned analysis that exists is returned at once",
  withDir(async (root) => {
    const dir = join(root, "a1");
    mkdirSync(dir);
    assert.equal(await pinnedAnalysisReady(pinned(dir)), dir);
  }),
);

test(
  "a loader waits while the build holds the analysis's lock, and goes on once the analysis is there",
  { timeout: 10_000 },
  withDir(async (root) => {
    const dir = join(root, "a2");
    const release = await acquireLock(analysisLock(dir), { what: "the analysis of /data/x", log: () => {} });
    let settled = false;
    const waiting = pinnedAnalysisReady(pinned(dir), 10).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(settled, false, "it returned before the analysis was made");
    mkdirSync(dir); // the build renames its finished analysis into place, then releases the lock
    release();
    assert.equal(await waiting, dir);
  }),
);

test(
  "a loader whose build stopped without the analysis (no lock, or its owner is dead) fails instead of waiting or computing",
  { timeout: 10_000 },
  withDir(async (root) => {
    const missing = join(root, "a3");
    await assert.rejects(pinnedAnalysisReady(pinned(missing), 10), AnalysisNotMadeError);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(analysisLock(missing), JSON.stringify({ pid: dead, host: hostname(), started: new Date().toISOString(), what: "a build" }));
    await assert.rejects(pinnedAnalysisReady(pinned(missing), 10), /was not made: the build computing it stopped/);
  }),
);

// Locks name their owner; a dead owner's lock is taken over at once; a waiting process says whom it waits
// for; what dead processes left behind is removed, what live ones are writing is not.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { acquireLock, isProcessAlive, readLockOwner, removeLeftoversOfDeadProcesses } from "../../../src/io/lock.js";
import { withTempDir } from "../../helpers/temp-dir.js";

/** The pid of a process that has exited (spawned, waited for). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  assert.ok(child.pid && !isProcessAlive(child.pid));
  return child.pid;
}

const withDir = (body: (dir: string) => Promise<void>) => withTempDir("lock-", body);

test(
  "a lock names its owner (pid, host, start time, what it does) and is gone once released",
  withDir(async (dir) => {
    const path = join(dir, "build.lock");
    const release = await acquireLock(path, { what: "the build of /data/a into dist-a", log: () => {} });
    const owner = readLockOwner(path)!;
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    assert.equal(owner.what, "the build of /data/a into dist-a");
    assert.ok(Math.abs(Date.parse(owner.started) - Date.now()) < 60_000);
    release();
    assert.equal(existsSync(path), false);
  }),
);

test(
  "the lock of a process that no longer runs is taken over at once, saying whose it was",
  { timeout: 20_000 },
  withDir(async (dir) => {
    const path = join(dir, "build.lock");
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), started: "2026-12-03T10:00:00.000Z", what: "the build of /data/old into dist" }));
    const lines: string[] = [];
    const started = performance.now();
    const release = await acquireLock(path, { what: "the next build", log: (l) => lines.push(l), pollMs: 10_000 });
    assert.ok(performance.now() - started < 2000, "no waiting for a dead owner");
    assert.equal(readLockOwner(path)!.pid, process.pid);
    assert.equal(lines.length, 1);
    assert.match(lines[0], new RegExp(`Taking over the lock .*build\\.lock: its owner, the build of /data/old into dist \\(pid ${pid} on .*, started 2026-12-03T10:00:00\\.000Z\\), is no longer running`));
    release();
    assert.deepEqual(readdirSync(dir), [], "nothing left beside the lock");
  }),
);

test(
  "a lock left by the earlier layout (a folder) is taken over too",
  withDir(async (dir) => {
    const path = join(dir, "abc.lock");
    mkdirSync(path);
    const release = await acquireLock(path, { what: "the analysis", log: () => {}, pollMs: 10_000 });
    assert.equal(readLockOwner(path)!.pid, process.pid);
    release();
  }),
);

test(
  "a process waiting for a live owner says whom it waits for, and goes on when the lock is released",
  withDir(async (dir) => {
    const path = join(dir, "build.lock");
    const releaseFirst = await acquireLock(path, { what: "the build of /data/a into dist-a", log: () => {} });
    const lines: string[] = [];
    let acquired = false;
    const second = acquireLock(path, { what: "the build of /data/b into dist-b", log: (l) => lines.push(l), pollMs: 20 }).then((release) => {
      acquired = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(acquired, false, "the second waits while the first holds the lock");
    assert.equal(lines.length, 1, "and says so once (then every 30 s)");
    assert.match(lines[0], new RegExp(`^Waiting for the build of /data/a into dist-a \\(pid ${process.pid} on .*, started .*\\) to finish \\(lock: .*build\\.lock\\)`));
    releaseFirst();
    const releaseSecond = await second;
    assert.equal(readLockOwner(path)!.what, "the build of /data/b into dist-b");
    releaseSecond();
  }),
);

test(
  "leftovers of processes that no longer run are removed; a live process's staging folder stays",
  withDir(async (dir) => {
    const dead = deadPid();
    for (const name of [`dist.staging-${dead}`, `dist.previous-${dead}`, `abc.tmp-${dead}`, `dist.staging-${process.pid}`, "dist", "dist.staging-notapid"]) mkdirSync(join(dir, name));
    writeFileSync(join(dir, `build.lock.new-${dead}`), "{}");
    const removed = removeLeftoversOfDeadProcesses(dir, "dist.").map((p) => p.slice(dir.length + 1)).sort();
    assert.deepEqual(removed, [`dist.previous-${dead}`, `dist.staging-${dead}`]);
    removeLeftoversOfDeadProcesses(dir);
    assert.deepEqual(readdirSync(dir).sort(), ["dist", `dist.staging-${process.pid}`, "dist.staging-notapid"].sort());
  }),
);

test(
  "a lock in a folder that does not exist yet (a fresh clone's cache) is taken, the folder made",
  withDir(async (dir) => {
    const path = join(dir, "not", "yet", "build.lock");
    const release = await acquireLock(path, { what: "the first build of a fresh clone", log: () => {} });
    assert.equal(readLockOwner(path)!.pid, process.pid);
    release();
  }),
);

// Locks between processes of this checkout (builds, the data loaders' analysis cache) that name their
// owner, so a lock left by a build that was interrupted (Ctrl-C, a killed terminal) is taken over at
// once instead of blocking the next build, and a build that has to wait says what it waits for.
//
// A lock is a small JSON file created atomically with its content (written to a private file, then
// hard-linked to the lock's name, which fails when the name exists). It holds the owner's pid, host and
// start time and what it is doing. An owner on this host whose pid no longer runs is dead: its lock is
// renamed away (atomic) and checked to be the dead owner's before the waiter creates its own.

import { hostname } from "node:os";
import { linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the owner took the lock. */
  readonly started: string;
  /** What the owner is doing, in words for the person waiting ("the build of /data/x into dist"). */
  readonly what: string;
}

export interface AcquireOptions {
  /** What this process does while it holds the lock (shown to anyone who has to wait). */
  readonly what: string;
  /** Where waiting and take-over notices go (default: stderr). */
  readonly log?: (line: string) => void;
  /** How often a waiting process looks again, ms. */
  readonly pollMs?: number;
  /** How often a waiting process repeats what it waits for, ms. */
  readonly remindMs?: number;
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock's owner, or null when there is no lock (or it vanished while being read). */
export function readLockOwner(path: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code !== "EISDIR") throw error;
    text = ""; // a lock folder, as the earlier layout made: no owner recorded
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    if (Number.isInteger(owner.pid) && typeof owner.host === "string") return owner;
  } catch {
    // fall through: not a lock this code wrote (an older layout, or garbage)
  }
  return { pid: -1, host: hostname(), started: "unknown", what: `a lock without an owner (${path}), left by an earlier version` };
}

/** Dead: on this host and its process has gone. A lock from another host is never judged dead. */
function isDead(owner: LockOwner): boolean {
  return owner.host === hostname() && !isProcessAlive(owner.pid);
}

export function describeOwner(owner: LockOwner): string {
  return `${owner.what} (pid ${owner.pid} on ${owner.host}, started ${owner.started})`;
}

/** One attempt: true when this process now holds the lock. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const mine = `${path}.new-${process.pid}`;
  writeFileSync(mine, JSON.stringify(owner) + "\n");
  try {
    linkSync(mine, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Removes the lock of a dead owner. Renaming is atomic, so of several waiters exactly one moves a given
 * file; if what it moved is no longer the dead owner's lock (another waiter took over in between), it is
 * put back.
 */
function takeOver(path: string, dead: LockOwner): boolean {
  const aside = `${path}.dead-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  const moved = readLockOwner(aside);
  const wasTheDeadOnes = !moved || (moved.pid === dead.pid && moved.started === dead.started);
  if (!wasTheDeadOnes) {
    try {
      linkSync(aside, path);
    } catch {
      // someone else holds the lock now; the one moved aside was live, and its owner still believes it holds it
    }
  }
  rmSync(aside, { recursive: true, force: true });
  return wasTheDeadOnes;
}

/**
 * Waits until this process holds the lock at `path` and returns a function that releases it. A lock whose
 * owner is dead is taken over at once (saying so); while a live owner holds it, this says whom it waits for.
 * The lock is also released if the process exits.
 */
export async function acquireLock(path: string, { what, log = (line) => process.stderr.write(line + "\n"), pollMs = 200, remindMs = 30_000 }: AcquireOptions): Promise<() => void> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), what };
  // A fresh clone has no cache folder yet: the lock's folder is made here, not by whoever ran first.
  mkdirSync(dirname(path), { recursive: true });
  let lastNotice = -Infinity;
  for (;;) {
    if (tryCreate(path, owner)) break;
    const current = readLockOwner(path);
    if (!current) continue; // released between the two calls
    if (isDead(current)) {
      if (takeOver(path, current)) log(`Taking over the lock ${path}: its owner, ${describeOwner(current)}, is no longer running.`);
      continue;
    }
    if (performance.now() - lastNotice >= remindMs) {
      log(`Waiting for ${describeOwner(current)} to finish (lock: ${path}) …`);
      lastNotice = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    const current = readLockOwner(path);
    if (current && current.pid === owner.pid && current.started === owner.started) rmSync(path, { force: true });
  };
  process.on("exit", release);
  return release;
}

/** `<name>.<tag>-<pid>` → pid, for the staging, temporary and set-aside folders this code names after its process. */
const PID_SUFFIX = /\.(?:staging|previous|tmp|new|dead)-(\d+)$/;

/**
 * Removes what processes that are no longer running left in `dir` under names starting with `prefix`
 * (`<name>.staging-PID`, `.previous-PID`, `.tmp-PID`, …): an interrupted build's half-written site or
 * analysis. Returns the paths removed. A symbolic link is removed itself, never followed.
 */
export function removeLeftoversOfDeadProcesses(dir: string, prefix = ""): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = PID_SUFFIX.exec(entry);
    if (!entry.startsWith(prefix) || !match || isProcessAlive(Number(match[1]))) continue;
    rmSync(join(dir, entry), { recursive: true, force: true });
    removed.push(join(dir, entry));
  }
  return removed;
}

// All-or-nothing output folders: `npm run analyze --out` and `npm run build` write into a staging folder
// next to the target and put it in place only when everything was written. A failure (a full disk, a
// broken export, Ctrl-C) leaves the previous folder as it was; what an interrupted run left behind
// (`<target>.staging-PID` of a process that no longer runs) is removed by the next run.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isProcessAlive, removeLeftoversOfDeadProcesses } from "./lock.js";

/** A run killed between moving `target` aside and moving its staging folder in: the previous folder goes back. */
function restoreInterruptedSwap(target: string): void {
  if (existsSync(target)) return;
  const prefix = `${basename(target)}.previous-`;
  for (const entry of readdirSync(dirname(target))) {
    if (entry.startsWith(prefix) && !isProcessAlive(Number(entry.slice(prefix.length)))) {
      renameSync(join(dirname(target), entry), target);
      return;
    }
  }
}

/**
 * Runs `fill` on a fresh, empty staging folder next to `target`, then replaces `target` with it. If `fill`
 * throws, the staging folder is removed, `target` is untouched and the error is rethrown.
 */
export async function replaceFolder(target: string, fill: (staging: string) => void | Promise<void>): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  restoreInterruptedSwap(target);
  removeLeftoversOfDeadProcesses(dirname(target), `${basename(target)}.`);
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    await fill(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = `${target}.previous-${process.pid}`;
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

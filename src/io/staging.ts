// All-or-nothing output folders: `npm run analyze --out` and `npm run build` write into a staging folder
// next to the target and put it in place only when everything was written. A failure (a full disk, a
// broken export, Ctrl-C) leaves the previous folder as it was; what an interrupted run left behind
// (`<target>.staging-PID` of a process that no longer runs) is removed by the next run.

import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname } from "node:path";
import { removeLeftoversOfDeadProcesses } from "./lock.js";

/**
 * Runs `fill` on a fresh, empty staging folder next to `target`, then replaces `target` with it. If `fill`
 * throws, the staging folder is removed, `target` is untouched and the error is rethrown.
 */
export async function replaceFolder(target: string, fill: (staging: string) => void | Promise<void>): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
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

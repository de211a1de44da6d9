// Node-only runner (NOT part of the pure core): the same modelling stage with the grid split between the main thread
// and one worker thread, for a 2-core machine. The result is identical to runModelling's: each configuration's CV
// result does not depend on which thread evaluates it.

import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Customer } from "../schema.js";
import type { Config } from "./grid.js";
import { finishModelling, prepareModelling, type ModellingOptions, type ModellingResult } from "./run.js";
import { evaluateConfigs, type ConfigResult, type CvInput } from "./search.js";

interface WorkerTask {
  cv: CvInput;
  configs: Config[];
}

/** Rough relative cost of a configuration's 5-fold CV (libsvm fits dominate). */
function cost(c: Config): number {
  if (c.family === "svc") return c.params.kernel === "linear" && (c.params.C as number) >= 10 ? 4 : 1;
  if (c.family === "logistic_regression") return 0.1;
  if (c.family === "decision_tree") return 0.01;
  return 0.002;
}

/** Configurations greedily balanced over `n` threads by estimated cost (deterministic). */
export function partitionGrid(grid: readonly Config[], n: number): number[][] {
  const list = grid.map((c, i) => ({ idx: [i], w: cost(c) }));
  list.sort((a, b) => b.w - a.w || a.idx[0] - b.idx[0]);
  const shares = Array.from({ length: n }, () => ({ idx: [] as number[], w: 0 }));
  for (const u of list) {
    const target = shares.reduce((best, s) => (s.w < best.w ? s : best), shares[0]);
    target.idx.push(...u.idx);
    target.w += u.w;
  }
  return shares.map((s) => s.idx.sort((a, b) => a - b));
}

/** A worker running this module. From TypeScript source (tsx) it first registers tsx: workers do not inherit module hooks. */
function spawnSelf(task: WorkerTask): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(import.meta.url), { workerData: task });
  const boot = `(async () => {
    const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))});
    register();
    await import(${JSON.stringify(import.meta.url)});
  })();`;
  return new Worker(boot, { eval: true, workerData: task });
}

export async function runModellingParallel(customers: readonly Customer[], options: ModellingOptions = {}): Promise<ModellingResult> {
  const prep = prepareModelling(customers, options);
  const grid = prep.options.grid;
  const [mine, theirs] = partitionGrid(grid, 2);
  const worker = spawnSelf({ cv: prep.cv, configs: theirs.map((i) => grid[i]) });
  const fromWorker = new Promise<ConfigResult[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`modelling worker exited with ${code}`)));
  });
  const local = evaluateConfigs(prep.cv, mine.map((i) => grid[i]));
  const remote = await fromWorker;
  await worker.terminate();
  const results = new Array<ConfigResult>(grid.length);
  mine.forEach((i, k) => (results[i] = local[k]));
  theirs.forEach((i, k) => (results[i] = remote[k]));
  return finishModelling(prep, results);
}

if (!isMainThread && parentPort) {
  const task = workerData as WorkerTask;
  parentPort.postMessage(evaluateConfigs(task.cv, task.configs));
}

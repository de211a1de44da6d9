// Node-only runner (NOT part of the pure core): the same modelling stage on the main thread plus one worker thread,
// for a 2-core machine. The result is identical to runModelling's: a configuration's CV result and a customer's score
// do not depend on which thread computes them.
//
// Work is shared dynamically: both threads take the next work unit (CV) or the next block of customers (scoring)
// from a counter in shared memory, largest CV units first, so neither thread idles while the other has a long queue
// and the worker's start-up time costs nothing.

import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Customer } from "../schema.js";
import { spawnModuleWorker } from "../worker-thread.js";
import { encodeRows, makeBatchScorer } from "./batch.js";
import type { Config } from "./grid.js";
import { completeModelling, prepareModelling, stageModelling, type ModellingOptions, type ModellingResult } from "./run.js";
import type { ModelArtifact } from "./scoring.js";
import { configGroups, CvEvaluator, type ConfigResult, type CvInput } from "./search.js";

const ROLE = "one-click-modelling-worker";
/** Customers per scoring block (one counter increment). */
const SCORE_BLOCK = 2048;
/** Below this many customers scoring stays on the main thread (shipping the model costs more than it saves). */
const PARALLEL_SCORING_MIN = 20_000;

type Request =
  | { type: "cv"; cv: CvInput; grid: readonly Config[]; units: number[][]; next: SharedArrayBuffer }
  | { type: "score"; model: ModelArtifact; raw: SharedArrayBuffer; out: SharedArrayBuffer; rows: number; next: SharedArrayBuffer };
type Reply = { type: "cv"; done: [number, ConfigResult][] } | { type: "score" } | { type: "error"; message: string };

/** Rough relative CV cost of a configuration (only the order of the work units depends on it). */
function cost(c: Config): number {
  if (c.family === "svc") return 1;
  if (c.family === "logistic_regression") return 0.3;
  if (c.family === "decision_tree") return 0.1;
  return 0.025;
}

/**
 * CV work units, largest first: configurations that share per-fold work stay together (configGroups; all SVCs of
 * one scaler share the fold's dot products, all trees of one max_features the presort), everything else alone.
 */
export function workUnits(grid: readonly Config[]): number[][] {
  const units = new Map<string, number[]>();
  for (const g of configGroups(grid)) {
    const c = grid[g[0]];
    const key = c.family === "svc" ? `svc|${c.scaler}` : c.family === "decision_tree" ? `tree|${String(c.params.max_features)}` : `#${g[0]}`;
    units.set(key, [...(units.get(key) ?? []), ...g]);
  }
  const weight = (u: number[]) => u.reduce((s, i) => s + cost(grid[i]), 0);
  return [...units.values()].map((u) => u.sort((a, b) => a - b)).sort((a, b) => weight(b) - weight(a) || a[0] - b[0]);
}

function takeCvUnits(evaluator: CvEvaluator, grid: readonly Config[], units: readonly number[][], next: Int32Array): [number, ConfigResult][] {
  const done: [number, ConfigResult][] = [];
  for (let u = Atomics.add(next, 0, 1); u < units.length; u = Atomics.add(next, 0, 1)) {
    const results = evaluator.evaluate(units[u].map((i) => grid[i]));
    units[u].forEach((i, k) => done.push([i, results[k]]));
  }
  return done;
}

function takeScoreBlocks(model: ModelArtifact, raw: Float64Array, out: Float64Array, rows: number, next: Int32Array): void {
  const scorer = makeBatchScorer(model);
  const blocks = Math.ceil(rows / SCORE_BLOCK);
  for (let b = Atomics.add(next, 0, 1); b < blocks; b = Atomics.add(next, 0, 1)) {
    scorer.score(raw, b * SCORE_BLOCK, Math.min(rows, (b + 1) * SCORE_BLOCK), out);
  }
}

/** The worker, one request at a time. */
class ModelWorker {
  private readonly worker = spawnModuleWorker(import.meta.url, { role: ROLE });
  private failure: Error | null = null;
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;

  constructor() {
    this.worker.on("message", (r: Reply) => {
      const p = this.pending;
      this.pending = null;
      if (r.type === "error") p?.reject(new Error(`modelling worker: ${r.message}`));
      else p?.resolve(r);
    });
    const fail = (e: Error) => {
      this.failure = e;
      this.pending?.reject(e);
      this.pending = null;
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`modelling worker exited with ${code}`)));
  }

  request(req: Request): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) throw new Error("one request at a time");
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(req);
    });
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

/** CV of every configuration of the grid on both threads; results in grid order. */
async function crossValidate(worker: ModelWorker, cv: CvInput, grid: readonly Config[]): Promise<ConfigResult[]> {
  const units = workUnits(grid);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const remote = worker.request({ type: "cv", cv, grid, units, next: next.buffer as SharedArrayBuffer });
  // A failed worker must not leave the main thread's share unreported: the error surfaces at the await below.
  remote.catch(() => undefined);
  const local = takeCvUnits(new CvEvaluator(cv), grid, units, next);
  const reply = await remote;
  if (reply.type !== "cv") throw new Error("unexpected reply from the modelling worker");
  const results = new Array<ConfigResult>(grid.length);
  for (const [i, r] of [...local, ...reply.done]) results[i] = r;
  for (let i = 0; i < grid.length; i++) if (!results[i]) throw new Error(`configuration ${i} was not evaluated`);
  return results;
}

/**
 * The chosen model's P(«Снизилась») for every customer (batch.ts numbers, identical to makeScorer's), on both
 * threads: rows are encoded once into shared memory and scored in blocks by whichever thread is free.
 */
export async function scoreCustomersParallel(model: ModelArtifact, customers: readonly Customer[], worker?: ModelWorker): Promise<Float64Array> {
  const rows = customers.length;
  const d = model.preprocessor.feature_names.length;
  const raw = encodeRows(model.preprocessor, customers, new Float64Array(new SharedArrayBuffer(rows * d * 8)));
  const out = new Float64Array(new SharedArrayBuffer(rows * 8));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const own = worker === undefined;
  const w = worker ?? new ModelWorker();
  try {
    const remote = w.request({ type: "score", model, raw: raw.buffer as SharedArrayBuffer, out: out.buffer as SharedArrayBuffer, rows, next: next.buffer as SharedArrayBuffer });
    remote.catch(() => undefined);
    takeScoreBlocks(model, raw, out, rows, next);
    await remote;
  } finally {
    if (own) await w.terminate();
  }
  return out;
}

export interface RunnerOptions {
  /** From this many customers on, the final scoring of every customer uses both threads (default 20,000). */
  parallelScoringFrom?: number;
}

export async function runModellingParallel(customers: readonly Customer[], options: ModellingOptions = {}, runner: RunnerOptions = {}): Promise<ModellingResult> {
  const prep = prepareModelling(customers, options);
  const worker = new ModelWorker();
  try {
    const results = await crossValidate(worker, prep.cv, prep.options.grid);
    const staged = stageModelling(prep, results);
    const model = staged.result.model;
    let scores: Float64Array;
    if (prep.all.length < (runner.parallelScoringFrom ?? PARALLEL_SCORING_MIN)) {
      scores = new Float64Array(prep.all.length);
      makeBatchScorer(model).score(encodeRows(model.preprocessor, prep.all), 0, prep.all.length, scores);
    } else {
      scores = await scoreCustomersParallel(model, prep.all, worker);
    }
    return completeModelling(prep, staged, scores);
  } finally {
    await worker.terminate();
  }
}

function serve(req: Request): Reply {
  if (req.type === "cv") {
    return { type: "cv", done: takeCvUnits(new CvEvaluator(req.cv), req.grid, req.units, new Int32Array(req.next)) };
  }
  takeScoreBlocks(req.model, new Float64Array(req.raw), new Float64Array(req.out), req.rows, new Int32Array(req.next));
  return { type: "score" };
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.on("message", (req: Request) => {
    let reply: Reply;
    try {
      reply = serve(req);
    } catch (e) {
      reply = { type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}

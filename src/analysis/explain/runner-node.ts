// Node-only runner (NOT part of the pure core, never imported by the browser): the report's SHAP on two threads.
// The main thread and one worker claim chunks of customers from a shared counter and write each customer's values
// into shared memory. A customer's explanation depends only on the explainer (model, background, settings) and on
// the customer (permutations are keyed by seed and id), so the result is identical to report.ts explainReport's,
// whichever thread explains whom and however many threads there are.

import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Customer } from "../schema.js";
import type { ModelArtifact } from "../models/scoring.js";
import { makeExplainer } from "./explainer.js";
import { playersOf } from "./players.js";
import { reportJobs, type ReportInput, type ReportShap, type ShapJob } from "./report.js";
import type { Explainer, ExplanationSet } from "./types.js";

interface SharedJob {
  model: ModelArtifact;
  training: readonly Customer[];
  customers: readonly Customer[];
  /** n × M values, n outputs, n × M standard errors (Float64, shared). */
  values: SharedArrayBuffer;
  outputs: SharedArrayBuffer;
  errors: SharedArrayBuffer;
}

interface WorkerTask {
  jobs: SharedJob[];
  /** [job, first customer, end] per chunk. */
  chunks: Int32Array;
  /** chunks claimed so far (Int32, shared). */
  counter: SharedArrayBuffer;
}

/** Customers per chunk: small enough to balance the threads, large enough that claiming costs nothing. */
function chunkSize(n: number): number {
  return Math.max(1, Math.min(16, Math.ceil(n / 256)));
}

/** Claims chunks until none are left; explainers are built on first use. Returns how many chunks it did. */
function work(task: WorkerTask, explainers: (Explainer | undefined)[]): number {
  const counter = new Int32Array(task.counter);
  const views = task.jobs.map((j) => ({ values: new Float64Array(j.values), outputs: new Float64Array(j.outputs), errors: new Float64Array(j.errors) }));
  let done = 0;
  for (;;) {
    const k = Atomics.add(counter, 0, 1);
    if (3 * k >= task.chunks.length) return done;
    const [j, from, to] = [task.chunks[3 * k], task.chunks[3 * k + 1], task.chunks[3 * k + 2]];
    const job = task.jobs[j];
    const explainer = (explainers[j] ??= makeExplainer(job.model, job.training));
    const M = explainer.features.length;
    const v = views[j];
    for (let i = from; i < to; i++) {
      const e = explainer.explain(job.customers[i]);
      v.values.set(e.values, i * M);
      v.outputs[i] = e.output_value;
      if (e.standard_errors) v.errors.set(e.standard_errors, i * M);
    }
    done++;
  }
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

/**
 * Explanations of every job, in order, on `threads` threads (1: this thread only). Identical to
 * `jobs.map((j) => explainWith(makeExplainer(j.model, j.training), j.customers))`.
 */
export async function explainJobsParallel(jobs: readonly ShapJob[], threads = 2): Promise<ExplanationSet[]> {
  const shared: SharedJob[] = jobs.map((j) => {
    const n = j.customers.length;
    const M = playersOf(j.model.preprocessor).names.length;
    return {
      model: j.model,
      training: j.training,
      customers: j.customers,
      values: new SharedArrayBuffer(8 * n * M),
      outputs: new SharedArrayBuffer(8 * n),
      errors: new SharedArrayBuffer(8 * n * M),
    };
  });
  const chunks: number[] = [];
  shared.forEach((j, index) => {
    const n = j.customers.length;
    const size = chunkSize(n);
    for (let from = 0; from < n; from += size) chunks.push(index, from, Math.min(n, from + size));
  });
  const task: WorkerTask = { jobs: shared, chunks: Int32Array.from(chunks), counter: new SharedArrayBuffer(4) };
  // The main thread builds every explainer: it reports the explainers' settings even for a job the worker did whole.
  const explainers: (Explainer | undefined)[] = jobs.map((j) => makeExplainer(j.model, j.training));
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => spawnSelf(task));
  const finished = workers.map(
    (w) =>
      new Promise<void>((resolve, reject) => {
        w.once("message", () => resolve());
        w.once("error", reject);
        w.once("exit", (code) => (code !== 0 ? reject(new Error(`SHAP worker exited with ${code}`)) : resolve()));
      }),
  );
  try {
    work(task, explainers);
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return shared.map((j, index) => {
    const e = explainers[index]!;
    const M = e.features.length;
    const n = j.customers.length;
    const values = new Float64Array(j.values);
    const outputs = new Float64Array(j.outputs);
    const errors = new Float64Array(j.errors);
    const rows = (a: Float64Array) => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * M, (i + 1) * M)));
    return {
      family: e.family,
      algorithm: e.algorithm,
      background: e.background,
      output: e.output,
      features: [...e.features],
      base_value: e.base_value,
      background_size: e.background_size,
      permutations: e.permutations,
      seed: e.seed,
      ids: j.customers.map((c) => c.id),
      values: rows(values),
      output_values: Array.from(outputs),
      standard_errors: e.algorithm === "permutation" ? rows(errors) : null,
    };
  });
}

/** report.ts explainReport on `threads` threads: the same artifacts. */
export async function explainReportParallel(input: ReportInput, threads = 2): Promise<ReportShap> {
  const { jobs, assemble } = reportJobs(input);
  return assemble(await explainJobsParallel(jobs, threads));
}

if (!isMainThread && parentPort && (workerData as WorkerTask | undefined)?.counter instanceof SharedArrayBuffer) {
  parentPort.postMessage({ chunks: work(workerData as WorkerTask, []) });
}

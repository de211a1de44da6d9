// Node-only runner (NOT part of the pure core, never imported by the browser): the report's SHAP on two threads,
// and the offers of every customer (segments/offers.ts rankOffersBatch) split between two threads.
// The main thread and one worker claim chunks of customers from a shared counter and write each customer's values
// into shared memory. A customer's explanation depends only on the explainer (model, background, settings) and on
// the customer (permutations are keyed by seed and id), so the result is identical to report.ts explainReport's,
// whichever thread explains whom and however many threads there are.

import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Customer } from "../schema.js";
import { spawnModuleWorker } from "../worker-thread.js";
import type { ModelArtifact } from "../models/scoring.js";
import type { Calibrator } from "../models/calibration.js";
import { rankOffersBatch, type OfferContext, type OfferTable } from "../segments/offers.js";
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
  kind: "shap";
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
  const task: WorkerTask = { kind: "shap", jobs: shared, chunks: Int32Array.from(chunks), counter: new SharedArrayBuffer(4) };
  // The main thread builds every explainer: it reports the explainers' settings even for a job the worker did whole.
  const explainers: (Explainer | undefined)[] = jobs.map((j) => makeExplainer(j.model, j.training));
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => spawnModuleWorker(import.meta.url, task));
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

interface OffersTask {
  kind: "offers";
  customers: readonly Customer[];
  probabilities: Float64Array;
  model: ModelArtifact;
  calibrator: Calibrator;
  ctx: OfferContext;
}

/**
 * rankOffersBatch with the customers split between this thread and `threads − 1` workers (contiguous parts, joined
 * in order): the same table. Each customer's offers depend only on that customer, the model and the context.
 */
export async function rankOffersParallel(
  customers: readonly Customer[],
  probabilities: ArrayLike<number>,
  model: ModelArtifact,
  calibrator: Calibrator,
  ctx: OfferContext,
  threads = 2,
  /** Fewer customers per thread than this are not worth a worker's start-up. */
  minPerThread = 2000,
): Promise<OfferTable> {
  const n = customers.length;
  if (probabilities.length !== n) throw new Error(`${n} customers, ${probabilities.length} probabilities`);
  const p = Float64Array.from(probabilities);
  const parts = Math.max(1, Math.min(threads, Math.ceil(n / minPerThread)));
  const bounds = Array.from({ length: parts + 1 }, (_, t) => Math.round((t * n) / parts));
  const workers = bounds.slice(1, -1).map((from, t) =>
    spawnModuleWorker(import.meta.url, { kind: "offers", customers: customers.slice(from, bounds[t + 2]), probabilities: p.slice(from, bounds[t + 2]), model, calibrator, ctx }),
  );
  const remote = workers.map(
    (w) =>
      new Promise<OfferTable>((resolve, reject) => {
        w.once("message", resolve);
        w.once("error", reject);
        w.once("exit", (code) => code !== 0 && reject(new Error(`offers worker exited with ${code}`)));
      }),
  );
  try {
    const local = rankOffersBatch(customers.slice(0, bounds[1]), p.subarray(0, bounds[1]), model, calibrator, ctx);
    return joinOfferTables([local, ...(await Promise.all(remote))]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Offer tables of consecutive parts of one customer list, joined in order. */
export function joinOfferTables(parts: readonly OfferTable[]): OfferTable {
  const customers = parts.reduce((s, t) => s + t.start.length - 1, 0);
  const rows = parts.reduce((s, t) => s + t.rule.length, 0);
  const out: OfferTable = {
    start: new Int32Array(customers + 1),
    rule: new Uint8Array(rows),
    mailing: new Uint8Array(rows),
    expected_drop: new Float64Array(rows),
    expected_profit_protected: new Float64Array(rows),
  };
  let c = 0;
  let r = 0;
  for (const t of parts) {
    const nc = t.start.length - 1;
    for (let i = 0; i < nc; i++) out.start[c + i] = t.start[i] + r;
    out.rule.set(t.rule, r);
    out.mailing.set(t.mailing, r);
    out.expected_drop.set(t.expected_drop, r);
    out.expected_profit_protected.set(t.expected_profit_protected, r);
    c += nc;
    r += t.rule.length;
  }
  out.start[c] = r;
  return out;
}

if (!isMainThread && parentPort) {
  const task = workerData as WorkerTask | OffersTask | undefined;
  if (task?.kind === "shap") parentPort.postMessage({ chunks: work(task, []) });
  else if (task?.kind === "offers") {
    const table = rankOffersBatch(task.customers, task.probabilities, task.model, task.calibrator, task.ctx);
    parentPort.postMessage(table, [table.start, table.rule, table.mailing, table.expected_drop, table.expected_profit_protected].map((a) => a.buffer as ArrayBuffer));
  }
}

// Node-only: the ParallelMap (src/analysis/parallel.ts) on this thread plus worker threads, the one worker protocol.
// Each map call sends the task kind, its context and the task list to every worker; all threads take the next task
// from one counter in shared memory (the caller orders tasks largest first), so no thread idles while another has a
// queue, and a worker still starting up costs nothing. Results go back by task index: the order, and so every
// artifact byte, is the same whichever thread ran which task.

import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { inProcessMap, TASKS, type ParallelMap, type TaskKind } from "../analysis/parallel.js";

const ROLE = "one-click-analysis-worker";

interface Request {
  kind: TaskKind;
  context: object;
  tasks: readonly unknown[];
  /** The next task to take (Int32, shared by every thread of this call). */
  next: SharedArrayBuffer;
}
type Reply = { done: [number, unknown][] } | { error: string };

type TaskRunner = (context: unknown) => (task: unknown) => unknown;

/** Takes tasks until none are left; returns [task index, result] of the ones this thread ran. */
function takeTasks(run: (task: unknown) => unknown, tasks: readonly unknown[], next: Int32Array): [number, unknown][] {
  const done: [number, unknown][] = [];
  for (let t = Atomics.add(next, 0, 1); t < tasks.length; t = Atomics.add(next, 0, 1)) done.push([t, run(tasks[t])]);
  return done;
}

/** Float64Arrays of the context (e.g. encoded rows) go to shared memory once instead of being copied to every worker. */
function shareArrays(context: object): object {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => {
      if (!(value instanceof Float64Array) || value.buffer instanceof SharedArrayBuffer) return [key, value];
      const shared = new Float64Array(new SharedArrayBuffer(value.byteLength));
      shared.set(value);
      return [key, shared];
    }),
  );
}

/**
 * A worker running this module. From TypeScript source (tsx) it first registers tsx: workers do not inherit the
 * parent's module hooks.
 */
function spawnWorker(): Worker {
  const workerData = { role: ROLE };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(import.meta.url), { workerData });
  const boot = `(async () => {
    const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))});
    register();
    await import(${JSON.stringify(import.meta.url)});
  })();`;
  return new Worker(boot, { eval: true, workerData });
}

/** One worker thread, one request at a time. */
class TaskWorker {
  private readonly worker = spawnWorker();
  private failure: Error | null = null;
  private pending: { resolve: (done: [number, unknown][]) => void; reject: (e: Error) => void } | null = null;

  constructor() {
    this.worker.on("message", (reply: Reply) => {
      const p = this.pending;
      this.pending = null;
      if ("error" in reply) p?.reject(new Error(`analysis worker: ${reply.error}`));
      else p?.resolve(reply.done);
    });
    const fail = (e: Error) => {
      this.failure = e;
      this.pending?.reject(e);
      this.pending = null;
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`analysis worker exited with ${code}`)));
  }

  request(req: Request): Promise<[number, unknown][]> {
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

/**
 * Runs `use` with a ParallelMap on `threads` threads (this one and threads − 1 workers, started at once so that they
 * boot while the caller works), and stops the workers afterwards.
 */
export async function withWorkerMap<T>(threads: number, use: (map: ParallelMap) => Promise<T>): Promise<T> {
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => new TaskWorker());
  const map: ParallelMap = async (kind, context, tasks) => {
    if (workers.length === 0 || tasks.length < 2) return inProcessMap(kind, context, tasks);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const request: Request = { kind, context: shareArrays(context), tasks, next: next.buffer as SharedArrayBuffer };
    const remote = workers.map((w) => w.request(request));
    // A failed worker must not leave this thread's share unreported: its error surfaces below.
    remote.forEach((r) => r.catch(() => undefined));
    const results = new Array(tasks.length);
    const done = new Uint8Array(tasks.length);
    const collect = (pairs: [number, unknown][]) => pairs.forEach(([t, r]) => ((results[t] = r), (done[t] = 1)));
    try {
      collect(takeTasks((TASKS[kind] as TaskRunner)(context), tasks, next));
    } catch (error) {
      Atomics.store(next, 0, tasks.length); // the workers stop at their next task
      await Promise.allSettled(remote);
      throw error;
    }
    for (const pairs of await Promise.all(remote)) collect(pairs);
    if (!done.every((d) => d === 1)) throw new Error(`a ${kind} task was not run`);
    return results;
  };
  try {
    return await use(map);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.on("message", (req: Request) => {
    let reply: Reply;
    try {
      reply = { done: takeTasks((TASKS[req.kind] as TaskRunner)(req.context), req.tasks, new Int32Array(req.next)) };
    } catch (e) {
      reply = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}

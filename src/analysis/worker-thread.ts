// Node-only (NOT part of the pure core, never imported by the browser): starts a worker thread running a
// module of this project, for the two-thread runners (models/runner-node.ts, explain/runner-node.ts).

import { Worker } from "node:worker_threads";

/**
 * A worker running the module at `moduleUrl` (the caller's import.meta.url) with `workerData`. From
 * TypeScript source (tsx) it first registers tsx: workers do not inherit the parent's module hooks.
 */
export function spawnModuleWorker(moduleUrl: string, workerData: unknown): Worker {
  if (!moduleUrl.endsWith(".ts")) return new Worker(new URL(moduleUrl), { workerData });
  const boot = `(async () => {
    const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))});
    register();
    await import(${JSON.stringify(moduleUrl)});
  })();`;
  return new Worker(boot, { eval: true, workerData });
}

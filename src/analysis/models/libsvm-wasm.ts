// Node-only (like runner-node.ts): loads libsvm-js's WebAssembly build, the same libsvm C source as its asm.js build
// and about 3× faster. svc.ts calls its C functions directly instead of libsvm-js's SVM class, to train on a
// precomputed kernel held in typed arrays and to read the trained model straight from libsvm's memory.

import { createRequire } from "node:module";

/** The parts of the Emscripten module behind libsvm-js (libsvm 3.x compiled to WebAssembly) that svc.ts calls. */
export interface LibsvmModule {
  HEAP32: Int32Array;
  HEAPF64: Float64Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _create_svm_nodes(rows: number, cols: number): number;
  _add_instance(problem: number, row: number, cols: number, label: number, i: number): void;
  _free_problem(problem: number): void;
  _svm_free_model(model: number): void;
  cwrap(name: string, ret: string, args: string[]): (...a: unknown[]) => number;
}

/**
 * The initialised module (wrapped in an object). Emscripten would first try fetch() on the .wasm file path and print a warning before
 * falling back to reading the file, so fetch is hidden while the module initialises (synchronously, inside require).
 */
export async function loadLibsvm(): Promise<{ module: LibsvmModule }> {
  const require = createRequire(import.meta.url);
  const g = globalThis as { fetch?: unknown };
  const fetchFn = g.fetch;
  g.fetch = undefined;
  let ready: Promise<unknown>;
  let module: LibsvmModule;
  try {
    ready = require("libsvm-js/wasm.js") as Promise<unknown>;
    module = require("libsvm-js/out/wasm/libsvm.js") as LibsvmModule; // the module instance wasm.js initialises
  } finally {
    g.fetch = fetchFn;
  }
  await ready;
  // Wrapped: the Emscripten module is a thenable, and a promise resolved with it would try to adopt it forever.
  return { module };
}

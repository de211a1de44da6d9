// Loads libsvm-js's WebAssembly build, the same libsvm C source as its asm.js build and about 3× faster (only model
// training needs it: the browser scores with scoring.ts). Imported, not required, so that the core imports nothing
// from node:*; libsvm-js's Emscripten module finds and reads its .wasm file itself. svc.ts calls its C functions directly instead of libsvm-js's SVM class, to train on a
// precomputed kernel held in typed arrays and to read the trained model straight from libsvm's memory.

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
  const g = globalThis as { fetch?: unknown };
  const fetchFn = g.fetch;
  g.fetch = undefined;
  let ready: Promise<unknown>;
  let module: LibsvmModule;
  try {
    // Specifiers in variables: the package ships no type declarations (the types are the interface above).
    const loader: string = "libsvm-js/wasm.js";
    const instance: string = "libsvm-js/out/wasm/libsvm.js";
    ready = ((await import(loader)) as { default: Promise<unknown> }).default;
    // The module instance wasm.js initialises (CommonJS modules are cached: the same object).
    module = ((await import(instance)) as { default: LibsvmModule }).default;
  } finally {
    g.fetch = fetchFn;
  }
  await ready;
  // Wrapped: the Emscripten module is a thenable, and a promise resolved with it would try to adopt it forever.
  return { module };
}

// Makes the Framework build hermetic: fills Framework's npm cache (src/.observablehq/cache/_npm)
// from node_modules, so `observable build` never downloads from a CDN or asks the registry.
//
// Framework skips a download when `_npm/<name>@<version>/<file>` already exists, and resolves a
// version from the names of the folders in `_npm` before asking the registry (see populateNpmCache
// and resolveNpmVersion in @observablehq/framework/dist/npm.js). So for each browser package we
// bundle its ESM entry with esbuild, leaving its ESM dependencies as relative imports of their own
// vendored bundles (one copy of each package, e.g. Plot and the page share one d3), and inlining
// CommonJS dependencies, which a browser cannot import. Libraries Framework merely knows about but
// this report never loads get a stub that fails loudly if a page ever starts using one.

import { build, type Plugin } from "esbuild";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, posix, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "src", ".observablehq", "cache");
const NPM_CACHE = join(CACHE, "_npm");

/** Packages pages load: Framework's implicit imports (Plot, d3, Inputs, htl, Arrow, DuckDB, d3-dsv) and ours. */
const BROWSER_PACKAGES = ["@observablehq/plot", "d3", "htl", "@observablehq/inputs", "apache-arrow", "@duckdb/duckdb-wasm", "d3-dsv"];

/** Files Framework references by path inside a package (import.meta.resolve in its DuckDB client). */
const RAW_FILES: Record<string, string[]> = {
  "@duckdb/duckdb-wasm": ["dist/duckdb-mvp.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js"],
};

/**
 * Libraries Framework's client code can import lazily (its recommended libraries and stdlib helpers).
 * The build resolves their versions even when no page uses them; a stub version keeps that offline.
 */
const STUBBED_PACKAGES = [
  "lodash", "arquero", "echarts", "leaflet", "mapbox-gl", "react", "react-dom", "topojson-client",
  "@viz-js/viz", "mermaid", "sql.js", "parquet-wasm", "@observablehq/sample-datasets", "vega", "vega-lite",
  "vega-lite-api", "katex", "@uwdata/vgplot", "@uwdata/mosaic-core", "@uwdata/mosaic-sql",
];
const STUB_VERSION = "0.0.0-not-vendored";

interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly json: Record<string, unknown>;
}

const vendored = new Map<string, PackageInfo>(); // key name@version → package

function findPackage(name: string, fromDir: string): PackageInfo {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      const json = JSON.parse(readFileSync(join(candidate, "package.json"), "utf8")) as Record<string, unknown>;
      return { name, version: String(json.version), dir: candidate, json };
    }
    if (dirname(dir) === dir) throw new Error(`vendor-npm: cannot find package ${name} from ${fromDir}; run npm ci`);
  }
}

/** An ES-module package can be imported by the browser as its own file; a CommonJS one is inlined instead. */
function isEsm(pkg: PackageInfo): boolean {
  const exportsField = JSON.stringify(pkg.json.exports ?? "");
  return pkg.json.type === "module" || typeof pkg.json.module === "string" || /"(import|module)"|\.mjs"/.test(exportsField);
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const keyOf = (pkg: { name: string; version: string }) => `${pkg.name}@${pkg.version}`;

async function vendorPackage(pkg: PackageInfo): Promise<void> {
  const key = keyOf(pkg);
  if (vendored.has(key)) return;
  vendored.set(key, pkg);
  const outFile = join(NPM_CACHE, key, "_esm.js");
  const dependencies: PackageInfo[] = [];

  const externalizeEsmDependencies: Plugin = {
    name: "externalize-esm-dependencies",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (builtinModules.includes(args.path) || args.path.startsWith("node:")) return { path: args.path, namespace: "empty-builtin" };
        const name = packageName(args.path);
        if (name === pkg.name) return undefined; // self-reference: bundle
        const dep = findPackage(name, args.resolveDir);
        if (!isEsm(dep)) return undefined; // CommonJS: inline
        if (args.path !== name) throw new Error(`vendor-npm: ${pkg.name} imports a subpath ${args.path}; vendor it explicitly`);
        dependencies.push(dep);
        const target = join(NPM_CACHE, keyOf(dep), "_esm.js");
        const rel = relative(dirname(outFile), target).split("\\").join(posix.sep);
        return { path: rel.startsWith(".") ? rel : `./${rel}`, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: "empty-builtin" }, () => ({ contents: "export default {};", loader: "js" }));
    },
  };

  const entry = await resolveEntry(pkg);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    mainFields: ["module", "browser", "main"],
    conditions: ["browser", "import", "module"],
    minify: true,
    legalComments: "inline",
    write: false,
    logLevel: "error",
    plugins: [externalizeEsmDependencies],
    define: { "process.env.NODE_ENV": '"production"' },
  });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, result.outputFiles[0].text);
  for (const file of RAW_FILES[pkg.name] ?? []) cpSync(join(pkg.dir, file), join(NPM_CACHE, key, file));
  for (const dep of dependencies) await vendorPackage(dep);
}

/** Lets esbuild pick the package's browser ESM entry exactly as a bundler would. */
async function resolveEntry(pkg: PackageInfo): Promise<string> {
  let entry: string | undefined;
  await build({
    stdin: { contents: "", resolveDir: dirname(pkg.dir) },
    write: false,
    platform: "browser",
    mainFields: ["module", "browser", "main"],
    conditions: ["browser", "import", "module"],
    logLevel: "error",
    plugins: [
      {
        name: "resolve-entry",
        setup(b) {
          b.onStart(async () => {
            const r = await b.resolve(pkg.name, { kind: "import-statement", resolveDir: dirname(pkg.dir) });
            if (r.errors.length) throw new Error(`vendor-npm: cannot resolve ${pkg.name}: ${r.errors[0].text}`);
            entry = r.path;
          });
        },
      },
    ],
  });
  return entry!;
}

function writeStub(name: string): void {
  const dir = join(NPM_CACHE, `${name}@${STUB_VERSION}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "_esm.js"),
    `throw new Error(${JSON.stringify(`npm:${name} is not available offline: add it to package.json and to BROWSER_PACKAGES in scripts/vendor-npm.ts`)});\n`,
  );
}

/** What the vendored bundles are made from: the locked package versions and this script. */
function vendorKey(): string {
  return createHash("sha256").update(readFileSync(join(ROOT, "package-lock.json"))).update(readFileSync(import.meta.filename)).digest("hex");
}

async function main(): Promise<void> {
  // A rebuild with the same lockfile and this script reuses the bundles (re-bundling them costs seconds).
  const stamp = join(CACHE, "_npm.vendored-from"); // not inside _npm, where Framework reads every name as a package
  const key = vendorKey();
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === key) {
    console.log(`vendor-npm: ${relative(ROOT, NPM_CACHE)} is up to date with package-lock.json`);
    return;
  }
  rmSync(stamp, { force: true }); // written again only when every package is vendored
  rmSync(NPM_CACHE, { recursive: true, force: true });
  for (const name of BROWSER_PACKAGES) await vendorPackage(findPackage(name, ROOT));
  const vendoredNames = new Set([...vendored.values()].map((p) => p.name));
  for (const name of STUBBED_PACKAGES) if (!vendoredNames.has(name)) writeStub(name);
  const names = [...vendored.keys()].sort();
  writeFileSync(stamp, key);
  console.log(`vendor-npm: ${names.length} packages bundled from node_modules into ${relative(ROOT, NPM_CACHE)} (${names.join(", ")})`);
}

await main();

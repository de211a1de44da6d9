// `npm run data:demo [-- --customers N --seed S --out DIR]`: writes the synthetic exports, streaming.
// Files are written under a temporary name and renamed at the end, so an interrupted run never leaves
// a half-written dataset that looks complete.
import { createWriteStream } from "node:fs";
import type { WriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_DEFAULT_OPTIONS, DEMO_FILE_NAMES, generateDemoExports } from "../analysis/demo/generate.js";
import type { DemoFileName } from "../analysis/demo/generate.js";
import { POSITIVE_CLASS } from "../analysis/schema.js";

const DEFAULT_OUT = "data/demo";

function parseInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  // Allow 1_000_000 / 1e6 spellings of whole numbers; reject anything fractional or junk.
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(value)) throw new Error(`--${name} expects an integer, got "${raw}"`);
  return value;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      `usage: tsx src/cli/generate-demo.ts [--customers N] [--seed S] [--out DIR]\n` +
        `defaults: --customers ${DEMO_DEFAULT_OPTIONS.customers} --seed ${DEMO_DEFAULT_OPTIONS.seed} --out ${DEFAULT_OUT}`,
    );
    return;
  }
  const options = {
    customers: parseInteger("customers", values.customers, DEMO_DEFAULT_OPTIONS.customers),
    seed: parseInteger("seed", values.seed, DEMO_DEFAULT_OPTIONS.seed),
  };
  const outDir = values.out ?? DEFAULT_OUT;
  const started = performance.now();
  const demo = generateDemoExports(options); // validates options before anything touches the disk

  await mkdir(outDir, { recursive: true });
  const tmpPath = (name: DemoFileName) => path.join(outDir, `.${name}.partial`);
  const streams = Object.fromEntries(
    DEMO_FILE_NAMES.map((name) => [name, createWriteStream(tmpPath(name), { encoding: "utf8" })]),
  ) as Record<DemoFileName, WriteStream>;
  try {
    for (const chunk of demo.chunks()) {
      await Promise.all(DEMO_FILE_NAMES.map((name) => write(streams[name], chunk[name])));
    }
    await Promise.all(DEMO_FILE_NAMES.map((name) => close(streams[name])));
    for (const name of DEMO_FILE_NAMES) await rename(tmpPath(name), path.join(outDir, name));
  } catch (err) {
    for (const name of DEMO_FILE_NAMES) streams[name].destroy();
    await Promise.all(DEMO_FILE_NAMES.map((name) => rm(tmpPath(name), { force: true })));
    throw err;
  }

  let bytes = 0;
  for (const name of DEMO_FILE_NAMES) bytes += (await stat(path.join(outDir, name))).size;
  const { positives } = demo.layout;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `data:demo: ${options.customers} customer${options.customers === 1 ? "" : "s"} (seed ${options.seed}, ` +
      `${((100 * positives) / options.customers).toFixed(1)}% «${POSITIVE_CLASS}») → ` +
      `${outDir}/ [${DEMO_FILE_NAMES.join(", ")}], ${(bytes / 1048576).toFixed(1)} MiB in ${seconds.toFixed(1)} s`,
  );
}

main().catch((err: unknown) => {
  console.error(`data:demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

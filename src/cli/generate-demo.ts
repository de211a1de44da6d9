// `npm run data:demo [-- --customers N --seed S --out DIR]`: writes the synthetic exports, streaming.
// With `--campaign-effect E`: a campaign designed on those exports (default segment, seeded) and a
// refreshed export where the treated customers' probability of decrease is lower by E — written to DIR
// with campaign.csv, so the report measures a campaign whose truth is known.
// Files are written under a temporary name and renamed at the end, so an interrupted run never leaves
// a half-written dataset that looks complete.
import { createWriteStream } from "node:fs";
import type { WriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_DEFAULT_OPTIONS, DEMO_FILE_NAMES, generateDemoExports } from "../analysis/demo/generate.js";
import type { DemoChunk, DemoFileName } from "../analysis/demo/generate.js";
import { plantCampaignEffect } from "../analysis/demo/campaign-effect.js";
import { CAMPAIGN_FILE, DEFAULT_CONTROL_SHARE, designCampaign } from "../analysis/campaign/design.js";
import { campaignCsv } from "../components/campaign-csv.js";
import { cachedCandidates } from "../io/campaign-candidates.js";
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
      "campaign-effect": { type: "string" },
      control: { type: "string" },
      created: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      `usage: tsx src/cli/generate-demo.ts [--customers N] [--seed S] [--out DIR] [--campaign-effect E [--control SHARE] [--created YYYY-MM-DD]]\n` +
        `defaults: --customers ${DEMO_DEFAULT_OPTIONS.customers} --seed ${DEMO_DEFAULT_OPTIONS.seed} --out ${DEFAULT_OUT}`,
    );
    return;
  }
  const options = {
    customers: parseInteger("customers", values.customers, DEMO_DEFAULT_OPTIONS.customers),
    seed: parseInteger("seed", values.seed, DEMO_DEFAULT_OPTIONS.seed),
  };
  const outDir = values.out ?? DEFAULT_OUT;
  if (values["campaign-effect"] !== undefined) {
    const effect = Number(values["campaign-effect"]);
    if (values["campaign-effect"].trim() === "" || !(effect >= 0 && effect <= 1)) throw new Error(`--campaign-effect expects an absolute drop in [0, 1], got "${values["campaign-effect"]}"`);
    if (outDir === DEFAULT_OUT) throw new Error("--campaign-effect needs --out DIR (the bundled demo set stays as it is)");
    const control = values.control === undefined ? DEFAULT_CONTROL_SHARE : Number(values.control);
    await writeCampaignDemo(options, { effect, out: outDir, control, created: values.created ?? DEMO_CAMPAIGN_CREATED });
    return;
  }
  await writeDemo(options, outDir);
}

/** The campaign's date in the demo (an input, so the demo is reproducible). */
const DEMO_CAMPAIGN_CREATED = "2024-06-07";

/**
 * The base exports (in a temporary folder), their analysis (through the build's cache), a campaign on the
 * default segment seeded with the demo's seed, and the refreshed exports with the effect planted.
 */
async function writeCampaignDemo(options: { customers: number; seed: number }, c: { effect: number; out: string; control: number; created: string }): Promise<void> {
  const started = performance.now();
  const base = await mkdtemp(path.join(tmpdir(), "demo-campaign-base-"));
  try {
    await writeDemo(options, base);
    const { candidates, defaults } = await cachedCandidates(base);
    const design = designCampaign(candidates, { segment: { p: defaults.probability, profit: defaults.profit }, controlShare: c.control, seed: options.seed, created: c.created });
    const files = Object.fromEntries(await Promise.all(DEMO_FILE_NAMES.map(async (name) => [name, await readFile(path.join(base, name), "utf8")]))) as DemoChunk;
    const probability = new Map(candidates.map((r) => [r.id, r.p]));
    const { files: refreshed, truth } = plantCampaignEffect(files, design.rows, probability, { effect: c.effect, seed: options.seed });
    await mkdir(c.out, { recursive: true });
    for (const name of DEMO_FILE_NAMES) await writeFile(path.join(c.out, name), refreshed[name]);
    await writeFile(path.join(c.out, CAMPAIGN_FILE), campaignCsv(design));
    console.log(
      `data:demo: campaign of ${design.n.treatment} treatment + ${design.n.control} control customers (seed ${options.seed}, ${c.created}); ` +
        `planted effect ${c.effect} (expected uplift ${truth.expected_uplift.toFixed(4)}), ${truth.gone.length} campaign customers gone; ` +
        `refreshed exports and ${CAMPAIGN_FILE} → ${c.out}/ in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

async function writeDemo(options: { customers: number; seed: number }, outDir: string): Promise<void> {
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

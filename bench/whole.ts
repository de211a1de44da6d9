// The whole analysis exactly as `npm run build` runs it (data loaders' shared cache: ingest → offers on two
// threads, then every artifact written), timed from a cold cache entry: `tsx bench/whole.ts --data DIR --out FILE`.
// Its own process, so the peak RSS is this analysis's alone. The entry stays cached for a later build.

import { rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { artifactPath, cacheKey } from "../src/io/analysis-cache.js";

export interface WholeResult {
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
}

const { values } = parseArgs({ options: { data: { type: "string" }, out: { type: "string" } } });
if (!values.data || !values.out) throw new Error("usage: tsx bench/whole.ts --data DIR --out FILE");
rmSync(cacheKey(values.data).dir, { recursive: true, force: true });
const cpu = process.cpuUsage();
const started = performance.now();
await artifactPath("source.json", values.data);
const wall = performance.now() - started;
const used = process.cpuUsage(cpu);
const result: WholeResult = { wall_ms: Math.round(wall), cpu_ms: Math.round((used.user + used.system) / 1000), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
writeFileSync(values.out, JSON.stringify(result));

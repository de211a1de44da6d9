// A refreshed demo export with a campaign's known effect planted, so the measurement can be checked
// against the truth. Each customer's next-period outcome is redrawn from the probability of decrease the
// campaign recorded for them (the report's own per-customer probability): a control or untargeted
// customer decreases with probability p, a treated one with max(0, p − E). A small share of the campaign's
// customers leaves the exports (every one of their rows is dropped), as real customers do between
// refreshes. Customers without a probability (excluded by cleaning) keep their label. Pure: files in, files out.

import { NEGATIVE_CLASS, POSITIVE_CLASS } from "../schema.js";
import type { DemoChunk, DemoFileName } from "./generate.js";
import { DEMO_FILE_NAMES } from "./generate.js";
import { Random } from "./random.js";

export interface PlantOptions {
  /** Absolute drop of the treated customers' probability of decrease, in [0, 1]. */
  effect: number;
  seed: number;
  /** Share of the campaign's customers who are gone from the refreshed exports (default 0.5 %). */
  goneShare?: number;
}

export interface PlantedTruth {
  effect: number;
  /** Mean of p − max(0, p − E) over the treated customers still in the exports: the uplift to expect. */
  expected_uplift: number;
  relabelled: number;
  gone: number[];
}

/** The first field of a line (the customer id) in either of the exports' delimiters. */
function idOf(line: string): number {
  const end = line.search(/[,;]/);
  return Number(end < 0 ? line : line.slice(0, end));
}

export function plantCampaignEffect(
  files: DemoChunk,
  campaign: readonly { id: number; group: "treatment" | "control" }[],
  probability: ReadonlyMap<number, number>,
  options: PlantOptions,
): { files: DemoChunk; truth: PlantedTruth } {
  const { effect, seed, goneShare = 0.005 } = options;
  if (!(effect >= 0 && effect <= 1)) throw new RangeError(`campaign effect must be in [0, 1], got ${effect}`);
  const rnd = Random.fromSeed(seed);
  const goneRnd = rnd.fork();
  const labelRnd = rnd.fork();
  const ids = campaign.map((r) => r.id).sort((a, b) => a - b);
  const gone = new Set<number>();
  for (const k of goneRnd.sample(Math.round(ids.length * goneShare), ids.length)) gone.add(ids[k]);
  const treated = new Set(campaign.filter((r) => r.group === "treatment").map((r) => r.id));

  let relabelled = 0, upliftSum = 0, upliftN = 0;
  const out = {} as Record<DemoFileName, string>;
  for (const name of DEMO_FILE_NAMES) {
    const lines = files[name].split("\n");
    const kept: string[] = [lines[0]];
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line === "" || line === "\r") {
        kept.push(line);
        continue;
      }
      const id = idOf(line);
      if (gone.has(id)) continue;
      if (name === "market_file.csv") {
        const p = probability.get(id);
        if (p !== undefined) {
          const q = treated.has(id) ? Math.max(0, p - effect) : p;
          if (treated.has(id)) (upliftSum += p - q), upliftN++;
          const fields = line.split(",");
          fields[1] = labelRnd.uniform() < q ? POSITIVE_CLASS : NEGATIVE_CLASS;
          relabelled++;
          kept.push(fields.join(","));
          continue;
        }
      }
      kept.push(line);
    }
    out[name] = kept.join("\n");
  }
  return { files: out, truth: { effect, expected_uplift: upliftN ? upliftSum / upliftN : 0, relabelled, gone: [...gone].sort((a, b) => a - b) } };
}

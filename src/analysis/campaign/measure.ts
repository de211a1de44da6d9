// Measuring a campaign on the next refresh: campaign.csv read back and checked, matched to the new
// exports' customers, and the decrease rate of each group compared.
//
// The uplift is rate_control − rate_treatment (positive: the campaign kept customers) with a 95 %
// Newcombe hybrid score interval (Newcombe 1998, method 10: the difference of two Wilson intervals).
// Not Wald's p̂ ± z·SE: the by-offer and by-band cells can be small and their rates near 0 or 1, where
// Wald undercovers and can leave [−1, 1]; Newcombe's coverage stays close to nominal there and equals
// Wald's for large groups (tests/unit/campaign/measure.test.ts checks the coverage by simulation).

import { InputError } from "../ingest/errors.js";
import { parseDecimal, parseId } from "../ingest/values.js";
import { OFFER_TYPES as REPORT_OFFER_TYPES } from "../segments/offer-rules.js";
import { normalQuantile } from "../stats/normal-quantile.js";
import { CAMPAIGN_CHANNELS, CAMPAIGN_COLUMNS, CAMPAIGN_FILE, CONTROL_CHANNEL, parseSegment, validateOptions, type CampaignGroup } from "./design.js";

export interface CampaignRecord {
  /** 1-based line in the file. */
  line: number;
  id: number;
  /** null: the cell was empty (counted, left out of the measurement). */
  group: CampaignGroup | null;
  offer: string;
  channel: string;
  p: number;
}

export interface ParsedCampaign {
  records: CampaignRecord[];
  segment: string;
  seed: number;
  created: string;
}

const OFFER_TYPES = new Set<string>(REPORT_OFFER_TYPES.map((r) => r.type));
const TREATMENT_CHANNELS = new Set(Object.values(CAMPAIGN_CHANNELS));
/** Far beyond any campaign (the study's stores have thousands to a million customers). */
export const MAX_CAMPAIGN_ROWS = 5_000_000;

/** One line's fields: ";"-separated, a field may be quoted ("" inside is a quote). Quoted line breaks are not allowed. */
function splitFields(text: string, line: number, file: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new InputError({ file, line, column: CAMPAIGN_COLUMNS[fields.length] ?? `field ${fields.length + 1}`, value: text, expected: "a closing quote on the same line" });
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ";") throw new InputError({ file, line, column: CAMPAIGN_COLUMNS[fields.length - 1] ?? `field ${fields.length}`, value: text, expected: 'a ";" right after a closing quote' });
      i++;
    } else {
      const next = text.indexOf(";", i);
      if (next < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, next));
      i = next + 1;
    }
  }
}

/**
 * Reads campaign.csv (already decoded from UTF-8, with or without its byte-order mark). Anything that makes
 * the file unusable or inconsistent — another header, a wrong number of fields, an id, group, offer,
 * channel or probability that is not valid, rows of different campaigns (segment, seed or date differ),
 * a group with no rows — is an InputError naming the line and column. Duplicate ids and empty groups are
 * not errors: they are counted and reported by measureCampaign.
 */
export function parseCampaignCsv(text: string, file = CAMPAIGN_FILE): ParsedCampaign {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (!lines.length || lines[0].trim() === "") throw new InputError({ file, line: 1, expected: `the header ${CAMPAIGN_COLUMNS.join(";")} (the file is empty)` });
  const header = splitFields(lines[0], 1, file).map((h) => h.trim());
  for (let k = 0; k < Math.max(header.length, CAMPAIGN_COLUMNS.length); k++) {
    if (header[k] !== CAMPAIGN_COLUMNS[k]) {
      throw new InputError({
        file,
        line: 1,
        column: CAMPAIGN_COLUMNS[k] ?? header[k],
        value: header[k] ?? "",
        expected: `the header ${CAMPAIGN_COLUMNS.join(";")} (";" between columns; the file the report exported)`,
      });
    }
  }
  if (lines.length - 1 > MAX_CAMPAIGN_ROWS) throw new InputError({ file, value: `${lines.length - 1} lines`, expected: `at most ${MAX_CAMPAIGN_ROWS} customers` });
  const records: CampaignRecord[] = [];
  let first: { line: number; segment: string; seed: string; created: string } | null = null;
  for (let l = 1; l < lines.length; l++) {
    const line = l + 1;
    if (lines[l].trim() === "") continue;
    const fields = splitFields(lines[l], line, file);
    if (fields.length !== CAMPAIGN_COLUMNS.length) {
      throw new InputError({
        file,
        line,
        column: CAMPAIGN_COLUMNS[Math.min(fields.length, CAMPAIGN_COLUMNS.length - 1)],
        value: lines[l],
        expected: `${CAMPAIGN_COLUMNS.length} fields separated by ";" (found ${fields.length})`,
      });
    }
    const cell = Object.fromEntries(CAMPAIGN_COLUMNS.map((c, k) => [c, fields[k]])) as Record<(typeof CAMPAIGN_COLUMNS)[number], string>;
    const fail = (column: (typeof CAMPAIGN_COLUMNS)[number], expected: string): never => {
      throw new InputError({ file, line, column, value: cell[column], expected });
    };
    const id = parseId(cell.id);
    if (!id.ok) fail("id", id.expected);
    const groupText = cell.group.trim();
    if (groupText !== "" && groupText !== "treatment" && groupText !== "control") fail("group", '"treatment" or "control"');
    const group = groupText === "" ? null : (groupText as CampaignGroup);
    const offer = cell.offer.trim();
    if (!OFFER_TYPES.has(offer)) fail("offer", `one of the report's offer types: ${[...OFFER_TYPES].join(", ")}`);
    const channel = cell.channel.trim();
    if (group === "control" && channel !== CONTROL_CHANNEL) fail("channel", `"${CONTROL_CHANNEL}" for the control group (it receives nothing)`);
    if (group === "treatment" && !TREATMENT_CHANNELS.has(channel)) fail("channel", `${[...TREATMENT_CHANNELS].map((c) => `"${c}"`).join(" or ")} for the treatment group`);
    if (group === null && channel !== CONTROL_CHANNEL && !TREATMENT_CHANNELS.has(channel)) fail("channel", `${[...TREATMENT_CHANNELS].map((c) => `"${c}"`).join(", ")} or "${CONTROL_CHANNEL}"`);
    const p = parseDecimal(cell.p, ",");
    if (!p.ok) fail("p", p.expected);
    else if (!(p.value >= 0 && p.value <= 1)) fail("p", "a probability between 0 and 1");
    if (first === null) {
      try {
        parseSegment(cell.segment);
      } catch (error) {
        fail("segment", `the segment line the report wrote (${(error as Error).message})`);
      }
      if (!/^\d+$/.test(cell.seed.trim()) || Number(cell.seed) > 0xffffffff) fail("seed", "a whole number between 0 and 4294967295");
      try {
        validateOptions({ segment: { p: 0, profit: 0 }, controlShare: 0.5, seed: 0, created: cell.created.trim() });
      } catch {
        fail("created", "a date YYYY-MM-DD");
      }
      first = { line, segment: cell.segment, seed: cell.seed.trim(), created: cell.created.trim() };
    } else {
      if (cell.segment !== first.segment) fail("segment", `the same segment as line ${first.line} — one campaign per file`);
      if (cell.seed.trim() !== first.seed) fail("seed", `the same seed as line ${first.line} (${first.seed}) — one campaign per file`);
      if (cell.created.trim() !== first.created) fail("created", `the same date as line ${first.line} (${first.created}) — one campaign per file`);
    }
    records.push({ line, id: (id as { value: number }).value, group, offer, channel, p: (p as { value: number }).value });
  }
  if (first === null) throw new InputError({ file, line: 2, expected: "at least one customer after the header" });
  for (const g of ["treatment", "control"] as const) {
    if (!records.some((r) => r.group === g)) throw new InputError({ file, column: "group", expected: `rows of both groups; no row has group "${g}"` });
  }
  return { records, segment: first.segment, seed: Number(first.seed), created: first.created };
}

// ---------------------------------------------------------------- statistics

const Z95 = normalQuantile(0.975);

/** Wilson score interval for x successes out of n. */
export function wilsonInterval(x: number, n: number, z = Z95): [number, number] {
  if (n <= 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/** Newcombe's hybrid score interval for p1 − p2 (x1/n1 − x2/n2). */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): [number, number] {
  const p1 = x1 / n1, p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1, z);
  const [l2, u2] = wilsonInterval(x2, n2, z);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

export interface GroupComparison {
  n: { treatment: number; control: number };
  decreased: { treatment: number; control: number };
  rate: { treatment: number | null; control: number | null };
  /** rate_control − rate_treatment; null when a group is empty. */
  uplift: number | null;
  uplift_ci: [number, number] | null;
}

/** Outcomes: 1 = the activity decreased. */
export function compareGroups(rows: readonly { group: CampaignGroup; y: number }[]): GroupComparison {
  const n = { treatment: 0, control: 0 }, decreased = { treatment: 0, control: 0 };
  for (const r of rows) {
    n[r.group]++;
    decreased[r.group] += r.y;
  }
  const ok = n.treatment > 0 && n.control > 0;
  return {
    n,
    decreased,
    rate: { treatment: n.treatment ? decreased.treatment / n.treatment : null, control: n.control ? decreased.control / n.control : null },
    uplift: ok ? decreased.control / n.control - decreased.treatment / n.treatment : null,
    uplift_ci: ok ? newcombeInterval(decreased.control, n.control, decreased.treatment, n.treatment) : null,
  };
}

export interface QiniPoint {
  /** Customers ranked so far (both groups), by recorded probability, highest first. */
  k: number;
  share: number;
  /** Decreases prevented among the treated so far: D_c(k)·N_t(k)/N_c(k) − D_t(k). */
  gain: number;
}

/**
 * The Qini curve over customers ranked by the campaign's recorded probability (highest first, ties by id):
 * at most `points` + 1 points, evenly spaced in rank. A model that ranks persuadable customers first
 * rises above the straight line from 0 to the total gain.
 */
export function qiniCurve(rows: readonly { id: number; p: number; group: CampaignGroup; y: number }[], points = 100): QiniPoint[] {
  const ranked = [...rows].sort((a, b) => b.p - a.p || a.id - b.id);
  const total = ranked.length;
  const out: QiniPoint[] = [{ k: 0, share: 0, gain: 0 }];
  let nt = 0, nc = 0, dt = 0, dc = 0;
  let next = 1;
  for (let i = 0; i < total; i++) {
    const r = ranked[i];
    if (r.group === "treatment") (nt++, (dt += r.y));
    else (nc++, (dc += r.y));
    const k = i + 1;
    // Checkpoints at round(j·total/points); ties in p are not split across a checkpoint boundary's meaning.
    if (k === total || k >= Math.round((next * total) / points)) {
      while (next <= points && Math.round((next * total) / points) <= k) next++;
      out.push({ k, share: k / total, gain: nc > 0 ? (dc * nt) / nc - dt : 0 });
    }
  }
  return out;
}

/** Area between the Qini curve and the random-targeting line, per customer (trapezoids over share): > 0, the ranking helps. */
export function qiniCoefficient(curve: readonly QiniPoint[]): number {
  if (curve.length < 2) return 0;
  const last = curve[curve.length - 1];
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1], b = curve[i];
    area += ((a.gain - a.share * last.gain + b.gain - b.share * last.gain) / 2) * (b.share - a.share);
  }
  return last.k ? area / last.k : 0;
}

// Minimal readers for the demo exports: the generator never quotes fields, so a split is exact.
import { EXPORT_HEADERS, MISSPELT_PREVIOUS_MONTH } from "../../../src/analysis/demo/generate.js";
import type { DemoChunk } from "../../../src/analysis/demo/generate.js";
import { POSITIVE_CLASS } from "../../../src/analysis/schema.js";

export interface ParsedDemo {
  header: string[];
  rows: Record<string, string>[];
  /** id → revenue by period name. */
  revenue: Map<number, Record<string, number>>;
  /** id → minutes by period name (as spelt in the export). */
  minutes: Map<number, Record<string, number>>;
  profit: Map<number, number>;
}

function table(text: string, sep: string, eol: string): string[][] {
  const lines = text.split(eol);
  if (lines.at(-1) === "") lines.pop(); // money.csv ends with CRLF, the others do not
  return lines.map((l) => l.split(sep));
}

export function parseDemo(files: DemoChunk): ParsedDemo {
  const mf = table(files["market_file.csv"], ",", "\n");
  const header = mf[0];
  const rows = mf.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  const revenue = new Map<number, Record<string, number>>();
  for (const [id, period, value] of table(files["market_money.csv"], ",", "\n").slice(1)) {
    const entry = revenue.get(Number(id)) ?? {};
    entry[period] = Number(value);
    revenue.set(Number(id), entry);
  }
  const minutes = new Map<number, Record<string, number>>();
  for (const [id, period, value] of table(files["market_time.csv"], ",", "\n").slice(1)) {
    const entry = minutes.get(Number(id)) ?? {};
    entry[period] = Number(value);
    minutes.set(Number(id), entry);
  }
  const profit = new Map<number, number>();
  for (const [id, value] of table(files["money.csv"], ";", "\r\n").slice(1)) profit.set(Number(id), Number(value.replace(",", ".")));
  return { header, rows, revenue, minutes, profit };
}

export const isPositive = (row: Record<string, string>) => row["Покупательская активность"] === POSITIVE_CLASS;

/** Per-customer value of a feature, from market_file or the long files. */
export function feature(parsed: ParsedDemo, row: Record<string, string>, name: string): number {
  const id = Number(row.id);
  if (name === "Минут_предыдущий_месяц") return parsed.minutes.get(id)![MISSPELT_PREVIOUS_MONTH];
  if (name === "Минут_текущий_месяц") return parsed.minutes.get(id)!["текущий_месяц"];
  if (name.startsWith("Выручка_")) return parsed.revenue.get(id)![name.slice("Выручка_".length)];
  if (name === "Прибыль") return parsed.profit.get(id)!;
  return Number(row[name]);
}

/** Probability that a random «Снизилась» customer scores higher than a random retained one (ties ½). */
export function rocAuc(positives: number[], negatives: number[]): number {
  const all = [...positives.map((v) => ({ v, p: 1 })), ...negatives.map((v) => ({ v, p: 0 }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const midRank = (i + 1 + j) / 2; // average rank for ties
    for (let k = i; k < j; k++) if (all[k].p === 1) rankSum += midRank;
    i = j;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export const HEADERS = EXPORT_HEADERS;

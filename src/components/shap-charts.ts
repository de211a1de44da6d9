// SHAP charts: global importance, beeswarm, dependence, and one customer's waterfall.

import * as Plot from "npm:@observablehq/plot";
import { CLASS_COLORS, formatNumber, labelOf } from "./format.js";

export interface ShapData {
  model: string;
  output: "log-odds" | "probability";
  base_value: number;
  features: string[];
  ids: number[];
  values: number[][];
  feature_values: (number | string)[][];
}

export const outputUnit = (output: string) => (output === "log-odds" ? "лог-шансов" : "п. вероятности");
const fmtShap = (v: number, output: string) => (output === "probability" ? `${v >= 0 ? "+" : "−"}${formatNumber(Math.abs(v) * 100, 1)} п. п.` : `${v >= 0 ? "+" : "−"}${formatNumber(Math.abs(v), 3)}`);
export { fmtShap as formatShap };

export function importanceChart(summary: { feature: string; mean_abs: number; share: number }[], { width, title, output }: { width: number; title?: string; output: string }) {
  return Plot.plot({
    title,
    width,
    height: 40 + summary.length * 24,
    marginLeft: Math.min(300, width * 0.5),
    x: { label: `Средний |SHAP|, ${outputUnit(output)} →`, grid: true, tickFormat: (d: number) => (output === "probability" ? formatNumber(d * 100, 1) : formatNumber(d, 2)) },
    y: { label: null, domain: summary.map((s) => s.feature), tickFormat: labelOf },
    marks: [
      Plot.barX(summary, { x: "mean_abs", y: "feature", fill: "#0072B2", title: (d: (typeof summary)[number]) => `${labelOf(d.feature)} (${d.feature})\nсредний |SHAP| ${fmtShap(d.mean_abs, output).slice(1)}; ${formatNumber(d.share * 100, 1)} % суммарного влияния`, tip: true }),
      Plot.ruleX([0]),
    ],
  });
}

/** Beeswarm: one dot per customer and feature; colour = the feature's value relative to its range. */
export function beeswarmChart(shap: ShapData, order: string[], { width, title, maxFeatures = 12 }: { width: number; title?: string; maxFeatures?: number }) {
  const features = order.slice(0, maxFeatures);
  const index = new Map(shap.features.map((f, j) => [f, j]));
  const dots: { id: number; feature: string; row: number; y: number; shap: number; value: number | string; color: number | null }[] = [];
  features.forEach((feature, row) => {
    const j = index.get(feature)!;
    const values = shap.feature_values.map((r) => r[j]);
    const numeric = values.every((v) => typeof v === "number");
    const sorted = numeric ? (values as number[]).slice().sort((a, b) => a - b) : [];
    const rank = (v: number) => (sorted.length > 1 ? lowerBound(sorted, v) / (sorted.length - 1) : 0.5);
    shap.ids.forEach((id, i) => {
      // Deterministic jitter from the customer id, so the chart is the same on every load.
      const jitter = ((((id * 2654435761) >>> 0) % 1000) / 1000 - 0.5) * 0.7;
      dots.push({ id, feature, row, y: row + jitter, shap: shap.values[i][j], value: values[i], color: numeric ? rank(values[i] as number) : null });
    });
  });
  return Plot.plot({
    title,
    width,
    height: 50 + features.length * 34,
    marginLeft: Math.min(300, width * 0.45),
    x: { label: `SHAP, ${outputUnit(shap.output)}: ← снижает риск · повышает риск →`, grid: true, tickFormat: (d: number) => (shap.output === "probability" ? formatNumber(d * 100, 0) : formatNumber(d, 1)) },
    y: { label: null, domain: [features.length - 0.5, -0.5], ticks: features.map((_, i) => i), tickFormat: (i: number) => labelOf(features[i]) },
    color: { type: "linear", domain: [0, 1], range: [CLASS_COLORS[1], CLASS_COLORS[0]], legend: true, label: "Значение признака (от низкого к высокому)", tickFormat: (d: number) => (d === 0 ? "низкое" : d === 1 ? "высокое" : "") },
    marks: [
      Plot.ruleX([0], { strokeOpacity: 0.4 }),
      Plot.dot(dots, {
        x: "shap",
        y: "y",
        r: 1.8,
        fill: (d: (typeof dots)[number]) => d.color ?? NaN,
        fillOpacity: 0.7,
        channels: { Покупатель: "id", Признак: (d: (typeof dots)[number]) => labelOf(d.feature), Значение: "value" },
        title: (d: (typeof dots)[number]) => `Покупатель ${d.id}\n${labelOf(d.feature)} = ${typeof d.value === "number" ? formatNumber(d.value, 2) : d.value}\nSHAP ${fmtShap(d.shap, shap.output)}`,
        tip: true,
      }),
    ],
  });
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** SHAP of one feature against its value, coloured by the feature it interacts with most. */
export function dependenceChart(shap: ShapData, feature: string, colorBy: string | null, { width, title }: { width: number; title?: string }) {
  const j = shap.features.indexOf(feature);
  const k = colorBy ? shap.features.indexOf(colorBy) : -1;
  const rows = shap.ids.map((id, i) => ({ id, x: shap.feature_values[i][j] as number, shap: shap.values[i][j], c: k >= 0 ? (shap.feature_values[i][k] as number) : null }));
  return Plot.plot({
    title,
    width,
    height: 260,
    x: { label: `${labelOf(feature)} →`, tickFormat: (d: number) => formatNumber(d, 2) },
    y: { label: `↑ SHAP, ${outputUnit(shap.output)}`, grid: true, tickFormat: (d: number) => (shap.output === "probability" ? formatNumber(d * 100, 0) : formatNumber(d, 1)) },
    color: k >= 0 ? { type: "linear", range: [CLASS_COLORS[1], CLASS_COLORS[0]], legend: true, label: labelOf(colorBy!) } : undefined,
    marks: [
      Plot.ruleY([0], { strokeOpacity: 0.4 }),
      Plot.dot(rows, {
        x: "x",
        y: "shap",
        r: 2.5,
        fill: k >= 0 ? "c" : "#0072B2",
        fillOpacity: 0.7,
        title: (d: (typeof rows)[number]) => `Покупатель ${d.id}\n${labelOf(feature)} = ${formatNumber(d.x, 2)}${k >= 0 ? `\n${labelOf(colorBy!)} = ${formatNumber(d.c!, 2)}` : ""}\nSHAP ${fmtShap(d.shap, shap.output)}`,
        tip: true,
      }),
    ],
  });
}

/** One customer's explanation: from the base value, feature by feature, to the model's output. */
export function waterfallChart(
  { base, values, features, featureValues, output }: { base: number; values: number[]; features: string[]; featureValues: (number | string)[]; output: string },
  { width, title, maxBars = 10 }: { width: number; title?: string; maxBars?: number },
) {
  const items = features.map((f, j) => ({ feature: f, value: values[j], raw: featureValues[j] })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const shown = items.slice(0, maxBars);
  const rest = items.slice(maxBars).reduce((s, d) => s + d.value, 0);
  if (items.length > maxBars) shown.push({ feature: `остальные ${items.length - maxBars}`, value: rest, raw: "" });
  let running = base;
  const bars = shown.map((d) => {
    const start = running;
    running += d.value;
    return { ...d, start, end: running, label: d.feature.startsWith("остальные") ? d.feature : `${labelOf(d.feature)} = ${typeof d.raw === "number" ? formatNumber(d.raw, 2) : d.raw}` };
  });
  const fmt = (v: number) => (output === "probability" ? `${formatNumber(v * 100, 1)} %` : formatNumber(v, 2));
  return Plot.plot({
    title,
    width,
    height: 70 + bars.length * 28,
    marginLeft: Math.min(320, width * 0.5),
    x: { label: output === "probability" ? "Вероятность снижения, % →" : "Лог-шансы снижения →", grid: true, tickFormat: (d: number) => (output === "probability" ? formatNumber(d * 100, 0) : formatNumber(d, 1)) },
    y: { label: null, domain: bars.map((b) => b.label) },
    marks: [
      Plot.ruleX([base], { strokeDasharray: "3,3", strokeOpacity: 0.6 }),
      Plot.barX(bars, {
        x1: "start",
        x2: "end",
        y: "label",
        fill: (d: (typeof bars)[number]) => (d.value >= 0 ? CLASS_COLORS[0] : CLASS_COLORS[1]),
        title: (d: (typeof bars)[number]) => `${d.label}\n${fmtShap(d.value, output)}: ${fmt(d.start)} → ${fmt(d.end)}`,
        tip: true,
      }),
      Plot.text(bars, { x: "end", y: "label", text: (d: (typeof bars)[number]) => fmtShap(d.value, output), dx: 4, textAnchor: "start", fontSize: 10 }),
    ],
  });
}

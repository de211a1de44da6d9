// SHAP charts: global importance, beeswarm, dependence, and one customer's waterfall.

import * as Plot from "npm:@observablehq/plot";
import { bisectLeft } from "npm:d3";
import { axisLabel, directionFill, FEATURE_FORMS, formatCount, formatNumber, labelOf, MEASURE_COLOR, NEUTRAL_COLOR, VALUE_RAMP, featureValue } from "./format.js";
import { bandAxisY, fitLabel, MIN_CHART_WIDTH, NARROW, RAMP_LEGEND, textWidth } from "./axes.js";

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
  const yAxis = bandAxisY(width, { tickFormat: labelOf });
  return Plot.plot({
    title,
    width,
    height: 40 + summary.length * yAxis.rowHeight(summary.map((s) => labelOf(s.feature)), 24),
    marginLeft: yAxis.marginLeft,
    x: { label: `Средний |SHAP|, ${outputUnit(output)} →`, grid: true, tickFormat: (d: number) => (output === "probability" ? formatNumber(d * 100, 1) : formatNumber(d, 2)) },
    y: { label: null, domain: summary.map((s) => s.feature) },
    marks: [
      yAxis.axis,
      // A magnitude without a direction: the text colour, not a class or direction colour.
      Plot.barX(summary, { x1: 0, x2: "mean_abs", y: "feature", fill: MEASURE_COLOR, fillOpacity: 0.55, title: (d: (typeof summary)[number]) => `${labelOf(d.feature)} (${d.feature})\nсредний |SHAP| ${fmtShap(d.mean_abs, output).slice(1)}; ${formatNumber(d.share * 100, 1)} % суммарного влияния`, tip: true }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Beeswarm: one dot per customer and feature; colour = the feature's value relative to its range (a
 * ramp that is neither a class nor a direction colour). Categorical features have no low/high: their
 * dots are grey, so their row is drawn too.
 */
export function beeswarmChart(shap: ShapData, order: string[], { width, title, maxFeatures = 12 }: { width: number; title?: string; maxFeatures?: number }) {
  const features = order.slice(0, maxFeatures);
  const index = new Map(shap.features.map((f, j) => [f, j]));
  const dots: { id: number; feature: string; row: number; y: number; shap: number; value: number | string; color: number | null }[] = [];
  features.forEach((feature, row) => {
    const j = index.get(feature)!;
    const values = shap.feature_values.map((r) => r[j]);
    const numeric = values.every((v) => typeof v === "number");
    const sorted = numeric ? (values as number[]).slice().sort((a, b) => a - b) : [];
    const rank = (v: number) => (sorted.length > 1 ? bisectLeft(sorted, v) / (sorted.length - 1) : 0.5);
    shap.ids.forEach((id, i) => {
      // Deterministic jitter from the customer id, so the chart is the same on every load.
      const jitter = ((((id * 2654435761) >>> 0) % 1000) / 1000 - 0.5) * 0.7;
      dots.push({ id, feature, row, y: row + jitter, shap: shap.values[i][j], value: values[i], color: numeric ? rank(values[i] as number) : null });
    });
  });
  const yAxis = bandAxisY(width, { tickFormat: (i: number) => labelOf(features[i]), ticks: features.map((_, i) => i), share: 0.4 });
  const tipText = (d: (typeof dots)[number]) => `Покупатель ${d.id}\n${featureValue(d.feature, d.value)}\nSHAP ${fmtShap(d.shap, shap.output)}`;
  const dotOptions = { x: "shap", y: "y", r: 1.8, fillOpacity: 0.7, title: tipText, tip: true } as const;
  return Plot.plot({
    title,
    width,
    height: 50 + features.length * yAxis.rowHeight(features.map(labelOf), 34),
    marginLeft: yAxis.marginLeft,
    x: {
      label: fitLabel(width, `SHAP, ${outputUnit(shap.output)}: ← снижает риск · повышает риск →`, "← снижает риск · повышает →"),
      grid: true,
      tickFormat: (d: number) => (shap.output === "probability" ? formatNumber(d * 100, 0) : formatNumber(d, 1)),
    },
    y: { label: null, domain: [features.length - 0.5, -0.5] },
    color: {
      type: "linear",
      domain: [0, 1],
      range: [...VALUE_RAMP],
      ...RAMP_LEGEND,
      label: dots.some((d) => d.color == null) ? "Значение признака (серые — категории)" : "Значение признака",
      ticks: [0, 1],
      tickFormat: (d: number) => (d === 0 ? "низкое" : "высокое"),
    },
    marks: [
      yAxis.axis,
      Plot.ruleX([0], { strokeOpacity: 0.4 }),
      Plot.dot(
        dots.filter((d) => d.color != null),
        { ...dotOptions, fill: "color" },
      ),
      Plot.dot(
        dots.filter((d) => d.color == null),
        { ...dotOptions, fill: NEUTRAL_COLOR },
      ),
    ],
  });
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
    x: { label: `${axisLabel(feature)} →`, tickFormat: (d: number) => formatNumber(d, 2) },
    y: { label: `↑ SHAP, ${outputUnit(shap.output)}`, grid: true, tickFormat: (d: number) => (shap.output === "probability" ? formatNumber(d * 100, 0) : formatNumber(d, 1)) },
    color: k >= 0 ? { type: "linear", range: [...VALUE_RAMP], ...RAMP_LEGEND, label: labelOf(colorBy!) } : undefined,
    marks: [
      Plot.ruleY([0], { strokeOpacity: 0.4 }),
      Plot.dot(rows, {
        x: "x",
        y: "shap",
        r: 2.5,
        fill: k >= 0 ? "c" : MEASURE_COLOR,
        fillOpacity: 0.7,
        title: (d: (typeof rows)[number]) => `Покупатель ${d.id}\n${featureValue(feature, d.x)}${k >= 0 ? `\n${featureValue(colorBy!, d.c!)}` : ""}\nSHAP ${fmtShap(d.shap, shap.output)}`,
        tip: true,
      }),
    ],
  });
}

/**
 * One customer's explanation: from the base value, feature by feature, to the model's output. Each bar
 * is labelled with its shift on its outer side (never over the bar), the x domain leaves room for those
 * labels, and on a phone the feature names move above their bars instead of being cut at the margin.
 */
export function waterfallChart(
  { base, values, features, featureValues, output }: { base: number; values: number[]; features: string[]; featureValues: (number | string)[]; output: string },
  { width: requestedWidth, title, maxBars = 10 }: { width: number; title?: string; maxBars?: number },
) {
  // A page resize can report a zero-width column for a moment; drawing into it would give bars of negative width.
  const width = Math.max(requestedWidth, MIN_CHART_WIDTH);
  const items = features
    .map((f, j) => ({ feature: f, value: values[j], label: featureValue(f, featureValues[j]) }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const shown = items.slice(0, maxBars);
  if (items.length > maxBars) {
    const rest = items.slice(maxBars);
    shown.push({ feature: "", value: rest.reduce((s, d) => s + d.value, 0), label: `ещё ${formatCount(rest.length, FEATURE_FORMS)}` });
  }
  let running = base;
  const bars = shown.map((d, i) => {
    const start = running;
    running += d.value;
    return { ...d, key: i, start, end: running, shift: fmtShap(d.value, output) };
  });
  const fmt = (v: number) => (output === "probability" ? `${formatNumber(v * 100, 1)} %` : formatNumber(v, 2));
  const narrow = width < NARROW;
  const rowHeight = narrow ? 44 : 28;
  const marginTop = 20;
  const marginBottom = 50;
  const yAxis = narrow ? null : bandAxisY(width, { tickFormat: (i: number) => bars[i].label, share: 0.45, max: 340 });
  const marginLeft = yAxis ? yAxis.marginLeft : 12;
  const marginRight = 12;
  // Room for the shift labels on both sides: widen the domain by the widest label's share of the frame.
  const lo = Math.min(base, ...bars.map((b) => Math.min(b.start, b.end)));
  const hi = Math.max(base, ...bars.map((b) => Math.max(b.start, b.end)));
  const frame = Math.max(60, width - marginLeft - marginRight);
  const labelPx = Math.max(...bars.map((b) => (textWidth(b.shift) / 100) * 10)) + 8;
  const pad = frame > 2 * labelPx + 20 ? labelPx / (frame - 2 * labelPx) : 0.5;
  const span = Math.max(hi - lo, 1e-9);
  const inner = narrow ? { insetTop: 18, insetBottom: 4 } : { insetTop: 3, insetBottom: 3 };
  const barMiddle = narrow ? (18 - 4) / 2 : 0;
  return Plot.plot({
    title,
    width,
    height: marginTop + marginBottom + bars.length * rowHeight,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    x: {
      label: output === "probability" ? "Оценка модели до калибровки, % →" : "Лог-шансы снижения →",
      grid: true,
      domain: [lo - span * pad, hi + span * pad],
      tickFormat: (d: number) => (output === "probability" ? formatNumber(d * 100, 0) : formatNumber(d, 1)),
    },
    y: { label: null, domain: bars.map((b) => b.key), padding: 0, axis: null },
    marks: [
      yAxis ? yAxis.axis : null,
      Plot.ruleX([base], { strokeDasharray: "3,3", strokeOpacity: 0.6 }),
      Plot.barX(bars, {
        x1: "start",
        x2: "end",
        y: "key",
        ...inner,
        fill: (d: (typeof bars)[number]) => directionFill(d.value),
        title: (d: (typeof bars)[number]) => `${d.label}\n${d.shift}: ${fmt(d.start)} → ${fmt(d.end)}`,
        tip: true,
      }),
      // The shift, outside the bar: right of a bar that raises the risk, left of one that lowers it.
      Plot.text(bars, {
        x: (d: (typeof bars)[number]) => (d.value >= 0 ? Math.max(d.start, d.end) : Math.min(d.start, d.end)),
        y: "key",
        text: "shift",
        dx: 4,
        dy: barMiddle,
        textAnchor: "start",
        fontSize: 10,
        filter: (d: (typeof bars)[number]) => d.value >= 0,
      }),
      Plot.text(bars, { x: (d: (typeof bars)[number]) => Math.min(d.start, d.end), y: "key", text: "shift", dx: -4, dy: barMiddle, textAnchor: "end", fontSize: 10, filter: (d: (typeof bars)[number]) => d.value < 0 }),
      // On a phone, the feature's name and value on a line of its own above the bar.
      narrow ? Plot.text(bars, { y: "key", text: "label", frameAnchor: "left", textAnchor: "start", lineAnchor: "top", dy: -rowHeight / 2 + 2, fontSize: 10, lineWidth: Math.max(1, (width - marginLeft - marginRight) / 10) }) : null,
    ],
  });
}

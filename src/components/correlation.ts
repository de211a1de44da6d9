// Correlation charts: an annotated heatmap for any square matrix (phi_K, Spearman) and VIF bars.

import * as Plot from "npm:@observablehq/plot";
import { ATTENTION_COLOR, formatNumber, labelOf, NEUTRAL_COLOR } from "./format.js";
import { bandAxisY, NARROW, RAMP_LEGEND } from "./axes.js";

export interface SquareMatrix {
  columns: string[];
  matrix: (number | null)[][];
}

/**
 * Annotated heatmap; the target (first column) stays first. `domain` is [0, 1] for phi_K and
 * [-1, 1] for Spearman (a diverging scale, so the sign reads at a glance). On a phone the feature names
 * would not fit either axis: the axes number the features and a caption lists what each number means.
 */
export function correlationHeatmap(
  m: SquareMatrix,
  { width, domain = [0, 1], title, label = "φK" }: { width: number; domain?: [number, number]; title?: string; label?: string },
) {
  const cells = m.columns.flatMap((y, i) => m.columns.map((x, j) => ({ x, y, value: m.matrix[i][j], i, j })));
  const narrow = width < NARROW;
  const code = (column: string) => String(m.columns.indexOf(column) + 1);
  const labelWidth = narrow ? 30 : Math.min(230, Math.max(110, width * 0.3));
  const marginBottom = narrow ? 30 : 170;
  const side = Math.max(narrow ? 120 : 240, width - labelWidth - 20);
  const cell = side / m.columns.length;
  const small = cell < 26;
  const diverging = domain[0] < 0;
  return Plot.plot({
    title,
    caption: narrow ? `Номера признаков: ${m.columns.map((c, i) => `${i + 1} — ${labelOf(c)}`).join("; ")}.` : undefined,
    width,
    height: side + marginBottom,
    marginLeft: labelWidth,
    marginBottom,
    padding: 0.04,
    // Below 20 px a cell is narrower than a two-digit number: every other column is numbered.
    x: narrow ? { domain: m.columns, tickFormat: code, label: null, ticks: m.columns.filter((_, i) => cell >= 20 || i % 2 === 0) } : { domain: m.columns, tickRotate: -50, tickFormat: labelOf, label: null },
    y: { domain: m.columns, tickFormat: narrow ? code : labelOf, label: null },
    color: diverging
      ? { type: "linear", domain, scheme: "rdbu", reverse: true, ...RAMP_LEGEND, label, tickFormat: (d: number) => formatNumber(d, 1) }
      : { type: "linear", domain, scheme: "blues", ...RAMP_LEGEND, label, tickFormat: (d: number) => formatNumber(d, 1) },
    marks: [
      Plot.cell(cells, {
        x: "x",
        y: "y",
        fill: (d: (typeof cells)[number]) => d.value ?? NaN,
        title: (d: (typeof cells)[number]) => `${labelOf(d.y)} × ${labelOf(d.x)}\n(${d.y} × ${d.x})\n${label} = ${d.value == null ? "не определён" : formatNumber(d.value, 2)}`,
        tip: true,
      }),
      small
        ? null
        : Plot.text(cells, {
            x: "x",
            y: "y",
            text: (d: (typeof cells)[number]) => (d.value == null ? "—" : formatNumber(d.value, 2)),
            fill: (d: (typeof cells)[number]) => (Math.abs(d.value ?? 0) > 0.55 ? "white" : "black"),
            fontSize: Math.min(11, cell / 3.2),
            pointerEvents: "none",
          }),
    ],
  });
}

export function vifChart(vif: { columns: string[]; values: (number | null)[] }, { width, threshold, title }: { width: number; threshold: number; title?: string }) {
  const rows = vif.columns.map((column, i) => ({ column, vif: vif.values[i] ?? Infinity })).sort((a, b) => b.vif - a.vif);
  const yAxis = bandAxisY(width, { tickFormat: labelOf });
  const xMax = Math.max(threshold * 1.2, ...rows.map((r) => (Number.isFinite(r.vif) ? r.vif : 0)));
  return Plot.plot({
    title,
    width,
    height: 40 + rows.length * yAxis.rowHeight(rows.map((r) => labelOf(r.column)), 24),
    marginLeft: yAxis.marginLeft,
    x: { label: "Коэффициент инфляции дисперсии (VIF) →", grid: true, domain: [0, xMax] },
    y: { label: null, domain: rows.map((r) => r.column) },
    marks: [
      yAxis.axis,
      Plot.barX(rows, {
        x1: 0,
        x2: (d: (typeof rows)[number]) => (Number.isFinite(d.vif) ? d.vif : threshold * 1.2),
        y: "column",
        fill: (d: (typeof rows)[number]) => (d.vif >= threshold ? ATTENTION_COLOR : NEUTRAL_COLOR),
        title: (d: (typeof rows)[number]) => `${labelOf(d.column)} (${d.column})\nVIF = ${Number.isFinite(d.vif) ? formatNumber(d.vif, 2) : "бесконечность"}`,
        tip: true,
      }),
      Plot.ruleX([threshold], { stroke: "currentColor", strokeDasharray: "4,3" }),
      // The label sits on the side of the line with more room, so it never runs off the chart.
      Plot.text([threshold], { x: (d: number) => d, frameAnchor: "top", dy: -2, text: () => `порог ${formatNumber(threshold, 1)}`, ...(threshold > 0.6 * xMax ? { textAnchor: "end", dx: -4 } : { textAnchor: "start", dx: 4 }) }),
    ],
  });
}

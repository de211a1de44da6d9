// Correlation charts: an annotated heatmap for any square matrix (phi_K, Spearman) and VIF bars.

import * as Plot from "npm:@observablehq/plot";
import { formatNumber, labelOf } from "./format.js";

export interface SquareMatrix {
  columns: string[];
  matrix: (number | null)[][];
}

/**
 * Annotated heatmap; the target (first column) stays first. `domain` is [0, 1] for phi_K and
 * [-1, 1] for Spearman (a diverging scale, so the sign reads at a glance).
 */
export function correlationHeatmap(
  m: SquareMatrix,
  { width, domain = [0, 1], title, label = "phi_K" }: { width: number; domain?: [number, number]; title?: string; label?: string },
) {
  const cells = m.columns.flatMap((y, i) => m.columns.map((x, j) => ({ x, y, value: m.matrix[i][j], i, j })));
  const labelWidth = Math.min(230, Math.max(110, width * 0.3));
  const side = Math.max(240, width - labelWidth - 20);
  const cell = side / m.columns.length;
  const small = cell < 26;
  const diverging = domain[0] < 0;
  return Plot.plot({
    title,
    width,
    height: side + 170,
    marginLeft: labelWidth,
    marginBottom: 170,
    padding: 0.04,
    x: { domain: m.columns, tickRotate: -50, tickFormat: labelOf, label: null },
    y: { domain: m.columns, tickFormat: labelOf, label: null },
    color: diverging
      ? { type: "linear", domain, scheme: "rdbu", reverse: true, legend: true, label, tickFormat: (d: number) => formatNumber(d, 1) }
      : { type: "linear", domain, scheme: "blues", legend: true, label, tickFormat: (d: number) => formatNumber(d, 1) },
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
  return Plot.plot({
    title,
    width,
    height: 40 + rows.length * 24,
    marginLeft: Math.min(300, width * 0.5),
    x: { label: "Коэффициент инфляции дисперсии (VIF) →", grid: true, domain: [0, Math.max(threshold * 1.2, ...rows.map((r) => (Number.isFinite(r.vif) ? r.vif : 0)))] },
    y: { label: null, domain: rows.map((r) => r.column), tickFormat: labelOf },
    marks: [
      Plot.barX(rows, {
        x: (d: (typeof rows)[number]) => (Number.isFinite(d.vif) ? d.vif : threshold * 1.2),
        y: "column",
        fill: (d: (typeof rows)[number]) => (d.vif >= threshold ? "#CC79A7" : "#9aa5b1"),
        title: (d: (typeof rows)[number]) => `${labelOf(d.column)} (${d.column})\nVIF = ${Number.isFinite(d.vif) ? formatNumber(d.vif, 2) : "бесконечность"}`,
        tip: true,
      }),
      Plot.ruleX([threshold], { stroke: "currentColor", strokeDasharray: "4,3" }),
      Plot.text([threshold], { x: (d: number) => d, frameAnchor: "top", dy: -2, text: () => `порог ${formatNumber(threshold, 1)}`, textAnchor: "start", dx: 4 }),
    ],
  });
}

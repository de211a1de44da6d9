// Charts of the «Что изменилось» page: PSI per feature against the stated levels, and one feature's
// distribution in the previous and the new exports on the previous report's bins.

import * as Plot from "npm:@observablehq/plot";
import { axisLabel, formatNumber, formatPercent, labelOf } from "./format.js";
import type { DriftBin, FeatureDrift } from "../analysis/changes/compare.js";

/** Previous vs new report (Okabe–Ito grey and bluish green: not the two class colours, which mean something else). */
export const REPORT_DOMAIN = ["прошлый отчёт", "новые выгрузки"];
export const REPORT_COLORS = ["#999999", "#009E73"];
/** Drift levels: none, moderate, major. */
export const LEVEL_LABELS: Record<string, string> = { none: "нет", moderate: "умеренный", major: "сильный" };
const LEVEL_COLORS: Record<string, string> = { none: "#9aa5b1", moderate: "#E69F00", major: "#CC79A7" };

export type { DriftBin, FeatureDrift };

/** A bin's name: a level, or a range on the previous report's cut points. */
export function binLabel(b: DriftBin, digits = 2): string {
  if (b.level != null) return b.level;
  if (b.lo == null && b.hi == null) return "все значения";
  if (b.lo == null) return `≤ ${formatNumber(b.hi!, digits)}`;
  if (b.hi == null) return `> ${formatNumber(b.lo, digits)}`;
  return `${formatNumber(b.lo, digits)}–${formatNumber(b.hi, digits)}`;
}

export function psiChart(drift: readonly FeatureDrift[], levels: { moderate: number; major: number }, { width, title }: { width: number; title?: string }) {
  const max = Math.max(levels.major * 1.2, ...drift.map((d) => d.psi));
  // Narrow screens: each feature's name above its bar instead of a left axis that would not fit.
  const narrow = width < 560;
  return Plot.plot({
    title,
    subtitle: `Индекс стабильности популяции (PSI) на интервалах прошлого отчёта; пунктир — границы ${formatNumber(levels.moderate, 2)} и ${formatNumber(levels.major, 2)}`,
    width,
    height: 40 + drift.length * (narrow ? 36 : 24),
    marginLeft: narrow ? 8 : Math.min(260, width * 0.45),
    marginRight: 20,
    x: { label: "PSI →", domain: [0, max], grid: true, tickFormat: (d: number) => formatNumber(d, 2), ticks: Math.max(2, Math.floor(width / 110)) },
    y: narrow ? { axis: null, domain: drift.map((d) => d.column), paddingInner: 0.55, paddingOuter: 0.6, align: 1 } : { label: null, domain: drift.map((d) => d.column), tickFormat: labelOf },
    color: { domain: Object.keys(LEVEL_LABELS), range: Object.keys(LEVEL_LABELS).map((k) => LEVEL_COLORS[k]), tickFormat: (k: string) => `сдвиг: ${LEVEL_LABELS[k]}`, legend: true },
    marks: [
      Plot.barX(drift, {
        x: "psi",
        y: "column",
        fill: "level",
        title: (d: FeatureDrift) => `${labelOf(d.column)} (${d.column})\nPSI ${formatNumber(d.psi, 3)}: сдвиг ${LEVEL_LABELS[d.level]}`,
        tip: true,
      }),
      narrow ? Plot.text(drift, { x: 0, y: "column", text: (d: FeatureDrift) => `${labelOf(d.column)}: ${formatNumber(d.psi, 3)}`, textAnchor: "start", dy: -12, fill: "currentColor" }) : null,
      Plot.ruleX([levels.moderate, levels.major], { strokeDasharray: "4,3", strokeOpacity: 0.6 }),
      Plot.ruleX([0]),
    ],
  });
}

/** One feature's shares per bin, previous vs new, side by side (bins across on wide screens, down on narrow ones). */
export function driftDistributionChart(d: FeatureDrift, { width }: { width: number }) {
  const domain = d.bins.map((b) => binLabel(b));
  const rows = d.bins.flatMap((b, i) => [
    { bin: domain[i], report: REPORT_DOMAIN[0], share: b.previous },
    { bin: domain[i], report: REPORT_DOMAIN[1], share: b.current },
  ]);
  const title = `${labelOf(d.column)}: PSI ${formatNumber(d.psi, 2)}, сдвиг ${LEVEL_LABELS[d.level]}`;
  const subtitle = `${axisLabel(d.column)}: доля покупателей в каждом интервале прошлого отчёта`;
  const tip = (r: (typeof rows)[number]) => `${labelOf(d.column)}: ${r.bin}\n${r.report}: ${formatPercent(r.share)} покупателей`;
  const color = { domain: REPORT_DOMAIN, range: REPORT_COLORS, legend: true };
  if (width < 560) {
    return Plot.plot({
      title,
      subtitle,
      width,
      height: 50 + domain.length * 38,
      marginLeft: Math.min(150, width * 0.42),
      color,
      x: { label: "Доля покупателей →", tickFormat: (v: number) => formatPercent(v, 0), grid: true, ticks: 3 },
      y: { axis: null, domain: REPORT_DOMAIN },
      fy: { label: null, domain, padding: 0.2 },
      marks: [Plot.barX(rows, { fy: "bin", y: "report", x: "share", fill: "report", title: tip, tip: true }), Plot.ruleX([0])],
    });
  }
  return Plot.plot({
    title,
    subtitle,
    width,
    height: 300,
    marginBottom: domain.some((l) => l.length > 9) ? 70 : 40,
    color,
    x: { axis: null, domain: REPORT_DOMAIN },
    fx: { label: null, domain, padding: 0.15, tickRotate: domain.some((l) => l.length > 9) ? -25 : 0 },
    y: { label: "↑ Доля покупателей", tickFormat: (v: number) => formatPercent(v, 0), grid: true },
    marks: [Plot.barY(rows, { fx: "bin", x: "report", y: "share", fill: "report", title: tip, tip: true }), Plot.ruleY([0])],
  });
}

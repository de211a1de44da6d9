// Distribution charts split by target class, drawn from the precomputed exploration artifact
// (eda.json): the browser never needs the raw table, whatever the number of customers.

import * as Plot from "npm:@observablehq/plot";
import { axisLabel, CLASS_COLORS, CLASS_DOMAIN, customersWord, directionColor, directionOf, formatInt, formatNumber, formatPercent, labelOf } from "./format.js";

export type { NumericExploration, CategoricalExploration } from "../analysis/stats/eda.js";
import type { NumericExploration, CategoricalExploration } from "../analysis/stats/eda.js";
import { bandAxisY, fitLabel, textWidth } from "./axes.js";

const classColor = { domain: CLASS_DOMAIN, range: CLASS_COLORS, legend: true } as const;

export function classBalanceChart(classes: { name: string; count: number; share: number }[], { width }: { width: number }) {
  const marginLeft = 10;
  const marginRight = 20;
  const frame = width - marginLeft - marginRight;
  // A label goes inside its part of the bar only when it fits there: the full one, else the share alone,
  // else none (the legend names the classes, the tooltip gives the numbers).
  const fits = (text: string, share: number) => (textWidth(text) / 100) * 11 + 10 <= share * frame;
  const label = (d: { name: string; share: number }) => {
    const full = `${d.name} · ${formatPercent(d.share)}`;
    return fits(full, d.share) ? full : fits(formatPercent(d.share), d.share) ? formatPercent(d.share) : "";
  };
  return Plot.plot({
    width,
    height: 110,
    marginLeft,
    marginRight,
    x: { label: "Доля покупателей →", tickFormat: (d: number) => formatPercent(d, 0), domain: [0, 1] },
    color: classColor,
    marks: [
      Plot.barX(classes, Plot.stackX({ x: "share", fill: "name", title: (d: { name: string; count: number; share: number }) => `${d.name}: ${formatInt(d.count)} (${formatPercent(d.share)})`, tip: true })),
      Plot.text(classes, Plot.stackX({ x: "share", text: label, fill: "white", fontWeight: "bold", fontSize: 11 })),
    ],
  });
}

/**
 * Overlaid histograms of within-class shares on shared bins, so both classes compare bar by bar. Each bar
 * runs from 0 to its own share (explicit y1/y2): with only `y`, Plot.rectY would stack the second class
 * on top of the first and draw shares that are not in the data.
 */
export function histogramByClass(e: NumericExploration, { width, height = 200 }: { width: number; height?: number }) {
  const h = e.histogram!;
  const rows = h.groups.flatMap((g) =>
    g.counts.map((count, i) => ({ name: g.name, x1: h.edges[i], x2: h.edges[i + 1], count, share: g.shares[i] })),
  );
  return Plot.plot({
    width,
    height,
    x: { label: fitLabel(width, `${axisLabel(e.column)} →`, `${labelOf(e.column)} →`), tickFormat: (d: number) => formatNumber(d, 2) },
    y: { label: "↑ Доля класса", tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    color: classColor,
    marks: [
      Plot.rectY(rows, {
        x1: "x1",
        x2: "x2",
        y1: 0,
        y2: "share",
        fill: "name",
        fillOpacity: 0.45,
        stroke: "name",
        insetLeft: 0.5,
        insetRight: 0.5,
        title: (d: (typeof rows)[number]) =>
          `${d.name}\n${labelOf(e.column)}: от ${formatNumber(d.x1, 2)} до ${formatNumber(d.x2, 2)}\n${formatInt(d.count)} ${customersWord(d.count)}, ${formatPercent(d.share)} класса`,
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Box plots by class: quartiles, Tukey whiskers, median. */
export function boxByClass(e: NumericExploration, { width }: { width: number }) {
  const rows = CLASS_DOMAIN.map((name) => ({ name, ...e.box[name], mean: e.byClass[name].mean, n: e.byClass[name].count }));
  const tip = (d: (typeof rows)[number]) =>
    `${d.name} (${formatInt(d.n)})\nмедиана ${formatNumber(d.median, 2)}, среднее ${formatNumber(d.mean, 2)}\nквартили ${formatNumber(d.q25, 2)} – ${formatNumber(d.q75, 2)}\nусы ${formatNumber(d.low, 2)} – ${formatNumber(d.high, 2)}; выбросов: ${formatInt(d.outliers)}`;
  return Plot.plot({
    width,
    height: 110,
    marginLeft: 120,
    x: { label: fitLabel(width, `${axisLabel(e.column)} →`, `${labelOf(e.column)} →`), tickFormat: (d: number) => formatNumber(d, 2), grid: true },
    y: { label: null, domain: CLASS_DOMAIN },
    color: classColor,
    marks: [
      Plot.ruleY(rows, { y: "name", x1: "low", x2: "high", stroke: "name" }),
      Plot.barX(rows, { y: "name", x1: "q25", x2: "q75", fill: "name", fillOpacity: 0.35, stroke: "name", title: tip, tip: true }),
      Plot.tickX(rows, { y: "name", x: "median", stroke: "name", strokeWidth: 3 }),
    ],
  });
}

/** Bars of within-class shares for a small-integer feature: the two classes side by side at each value. */
export function discreteByClass(e: NumericExploration, { width }: { width: number }) {
  const rows = e.levels!.flatMap((l) => CLASS_DOMAIN.map((name) => ({ value: l.value, name, share: l.shares[name], count: l.counts[name] })));
  return Plot.plot({
    width,
    height: 220,
    fx: { label: fitLabel(width, `${axisLabel(e.column)} →`, `${labelOf(e.column)} →`), labelAnchor: "right", tickFormat: (d: number) => formatInt(d), axis: "bottom", padding: 0.15 },
    x: { axis: null, domain: CLASS_DOMAIN, padding: 0.05 },
    y: { label: "↑ Доля класса", tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    color: classColor,
    marks: [
      // Explicit y1/y2: each bar starts at 0 (no implicit stack), and fx places the classes side by side.
      Plot.barY(rows, {
        fx: "value",
        x: "name",
        y1: 0,
        y2: "share",
        fill: "name",
        fillOpacity: 0.75,
        title: (d: (typeof rows)[number]) => `${d.name}\n${labelOf(e.column)} = ${formatInt(d.value)}\n${formatInt(d.count)} ${customersWord(d.count)}, ${formatPercent(d.share)} класса`,
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Level shares by class for a categorical feature (grouped horizontal bars). */
export function categoryByClass(e: CategoricalExploration, { width }: { width: number }) {
  const levels = e.byClass[CLASS_DOMAIN[1]].levels.map((l) => l.level);
  for (const l of e.byClass[CLASS_DOMAIN[0]].levels) if (!levels.includes(l.level)) levels.push(l.level);
  const rows = levels.flatMap((level) =>
    CLASS_DOMAIN.map((name) => {
      const entry = e.byClass[name].levels.find((l) => l.level === level);
      return { level, name, share: entry?.share ?? 0, count: entry?.count ?? 0 };
    }),
  );
  const yAxis = bandAxisY(width, { max: 260 });
  return Plot.plot({
    width,
    height: 40 + levels.length * yAxis.rowHeight(levels, 44),
    marginLeft: yAxis.marginLeft,
    x: { label: "Доля класса →", tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    y: { label: null, domain: levels },
    color: classColor,
    marks: [
      yAxis.axis,
      ...CLASS_DOMAIN.map((name, i) =>
        Plot.barX(
          rows.filter((d) => d.name === name),
          {
            x1: 0,
            x2: "share",
            y: "level",
            fill: "name",
            dy: i === 0 ? -7 : 7,
            insetTop: 13,
            insetBottom: 13,
            title: (d: (typeof rows)[number]) => `${d.name}\n${d.level}: ${formatInt(d.count)} ${customersWord(d.count)}, ${formatPercent(d.share)} класса`,
            tip: true,
          },
        ),
      ),
      Plot.ruleX([0]),
    ],
  });
}

/** Standardised mean differences: which features separate the classes, and in which direction. */
export function effectSizeChart(ranking: { column: string; cohens_d: number }[], { width, thresholds }: { width: number; thresholds: { small: number; medium: number; large: number } }) {
  const yAxis = bandAxisY(width, { tickFormat: labelOf });
  return Plot.plot({
    width,
    height: 40 + ranking.length * yAxis.rowHeight(ranking.map((r) => labelOf(r.column)), 24),
    marginLeft: yAxis.marginLeft,
    x: {
      label: fitLabel(width, "← ниже у «Снизилась»   Стандартизованная разница средних, d Коэна   выше у «Снизилась» →", "← ниже у «Снизилась» · d Коэна · выше →"),
      tickFormat: (d: number) => formatNumber(d, 1),
      grid: true,
    },
    y: { label: null, domain: ranking.map((r) => r.column) },
    color: { ...directionColor, legend: false },
    marks: [
      yAxis.axis,
      Plot.ruleX([-thresholds.medium, thresholds.medium], { strokeDasharray: "3,3", strokeOpacity: 0.5 }),
      Plot.barX(ranking, {
        x1: 0,
        x2: "cohens_d",
        y: "column",
        fill: (d: { cohens_d: number }) => directionOf(d.cohens_d),
        title: (d: { column: string; cohens_d: number }) => `${labelOf(d.column)} (${d.column})\nd = ${formatNumber(d.cohens_d, 2)}`,
        tip: true,
      }),
      Plot.ruleX([0]),
    ],
  });
}

// Model evaluation charts: ROC and PR curves, calibration, confusion matrix at a chosen threshold,
// and the cross-validation spread of the best configuration of each family.

import * as Plot from "npm:@observablehq/plot";
import { ATTENTION_COLOR, CLASS_DOMAIN, customersWord, formatInt, formatNumber, formatPercent, MEASURE_COLOR, NEUTRAL_COLOR } from "./format.js";
import { bandAxisY } from "./axes.js";
import type { Confusion } from "../analysis/models/metrics.js";

export const FAMILY_LABELS: Record<string, string> = {
  logistic_regression: "Логистическая регрессия",
  knn: "k ближайших соседей",
  decision_tree: "Дерево решений",
  svc: "Метод опорных векторов",
};
export const familyLabel = (family: string) => FAMILY_LABELS[family] ?? family;
/** Short family names for a phone's column headers. */
export const FAMILY_SHORT_LABELS: Record<string, string> = {
  logistic_regression: "ЛР",
  knn: "kNN",
  decision_tree: "Дерево",
  svc: "SVM",
};
/** The key to the short names, for a caption under the chart that uses them. */
export const FAMILY_SHORT_KEY = "ЛР — логистическая регрессия, kNN — k ближайших соседей, SVM — метод опорных векторов.";
export const familyShortLabel = (family: string) => FAMILY_SHORT_LABELS[family] ?? family;

export function rocChart(points: { fpr: number; tpr: number; threshold: number | null }[], { width, title, auc }: { width: number; title?: string; auc: number }) {
  return Plot.plot({
    title,
    width: Math.min(width, 520),
    height: Math.min(width, 520) * 0.85,
    x: { label: "Доля ложных тревог (FPR) →", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0) },
    y: { label: "↑ Доля найденных «Снизилась» (TPR)", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: "currentColor", strokeOpacity: 0.3, strokeDasharray: "4,4" }),
      Plot.line(points, { x: "fpr", y: "tpr", stroke: MEASURE_COLOR, strokeWidth: 2, curve: "step-after" }),
      Plot.dot(points, Plot.pointer({ x: "fpr", y: "tpr", fill: MEASURE_COLOR, r: 4 })),
      Plot.tip(points, Plot.pointer({ x: "fpr", y: "tpr", title: (d: (typeof points)[number]) => `порог ${d.threshold == null ? "—" : formatNumber(d.threshold, 3)}\nFPR ${formatPercent(d.fpr)}, TPR ${formatPercent(d.tpr)}` })),
      Plot.text([`ROC-AUC = ${formatNumber(auc, 3)}`], { frameAnchor: "bottom-right", dx: -8, dy: -8, fontSize: 13 }),
    ],
  });
}

export function prChart(points: { precision: number; recall: number; threshold: number | null }[], { width, title, ap, baseline }: { width: number; title?: string; ap: number; baseline: number }) {
  return Plot.plot({
    title,
    width: Math.min(width, 520),
    height: Math.min(width, 520) * 0.85,
    x: { label: "Полнота (recall) →", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0) },
    y: { label: "↑ Точность (precision)", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    marks: [
      Plot.ruleY([baseline], { stroke: "currentColor", strokeOpacity: 0.3, strokeDasharray: "4,4" }),
      Plot.line(points, { x: "recall", y: "precision", stroke: MEASURE_COLOR, strokeWidth: 2, curve: "step-before" }),
      Plot.dot(points, Plot.pointer({ x: "recall", y: "precision", fill: MEASURE_COLOR, r: 4 })),
      Plot.tip(points, Plot.pointer({ x: "recall", y: "precision", title: (d: (typeof points)[number]) => `порог ${d.threshold == null ? "—" : formatNumber(d.threshold, 3)}\nточность ${formatPercent(d.precision)}, полнота ${formatPercent(d.recall)}` })),
      // Two lines, so the label fits the frame at 360 px.
      Plot.text([`PR-AUC = ${formatNumber(ap, 3)}\nслучайная модель — ${formatNumber(baseline, 3)}`], { frameAnchor: "bottom-left", lineAnchor: "bottom", dx: 8, dy: -8, fontSize: 13 }),
    ],
  });
}

export function calibrationChart(bins: { mean_predicted: number; fraction_positive: number; count: number; bin_lo: number; bin_hi: number }[], { width, title }: { width: number; title?: string }) {
  return Plot.plot({
    title,
    width: Math.min(width, 520),
    height: Math.min(width, 520) * 0.85,
    x: { label: "Предсказанная вероятность снижения →", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0) },
    y: { label: "↑ Фактическая доля «Снизилась»", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    r: { range: [3, 12] },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: "currentColor", strokeOpacity: 0.3, strokeDasharray: "4,4" }),
      Plot.line(bins, { x: "mean_predicted", y: "fraction_positive", stroke: MEASURE_COLOR }),
      Plot.dot(bins, {
        x: "mean_predicted",
        y: "fraction_positive",
        r: "count",
        fill: MEASURE_COLOR,
        title: (d: (typeof bins)[number]) => `вероятности ${formatPercent(d.bin_lo, 0)}–${formatPercent(d.bin_hi, 0)}: ${formatInt(d.count)} ${customersWord(d.count)}\nсредний прогноз ${formatPercent(d.mean_predicted)}, фактически ${formatPercent(d.fraction_positive)}`,
        tip: true,
      }),
    ],
  });
}

/** The confusion counts come from the core's one rule (models/metrics.ts `confusion`: predicted positive when p > t). */
export type ConfusionCounts = Confusion;

/** Outcome of a confusion-matrix cell: the matrix is shaded by this, not by the count (which the cell's text gives). */
export const CONFUSION_OUTCOMES = ["верный прогноз", "ошибка"];

export function confusionChart(c: ConfusionCounts, { width, title }: { width: number; title?: string }) {
  const total = c.tp + c.fp + c.tn + c.fn;
  const [decreased, same] = CLASS_DOMAIN;
  const w = Math.min(width, 460);
  const marginLeft = w < 400 ? 84 : 120;
  const cellWidth = (w - marginLeft - 20) / 2;
  const cells = [
    { actual: decreased, predicted: decreased, n: c.tp, what: "верно найдены", correct: true },
    { actual: decreased, predicted: same, n: c.fn, what: "пропущены", correct: false },
    { actual: same, predicted: decreased, n: c.fp, what: "ложная тревога", correct: false },
    { actual: same, predicted: same, n: c.tn, what: "верно спокойны", correct: true },
  ];
  const outcome = (d: (typeof cells)[number]) => CONFUSION_OUTCOMES[d.correct ? 0 : 1];
  return Plot.plot({
    title,
    width: w,
    height: 260,
    marginLeft,
    marginRight: 20,
    marginBottom: 50,
    x: { domain: CLASS_DOMAIN, label: "Прогноз модели →" },
    y: { domain: CLASS_DOMAIN, label: "↑ На самом деле" },
    color: { domain: CONFUSION_OUTCOMES, range: [NEUTRAL_COLOR, ATTENTION_COLOR], legend: true },
    marks: [
      // Class names wrap to fit a cell (x) and the margin (y) at 360 px.
      Plot.axisX({ anchor: "bottom", label: "Прогноз модели →", lineWidth: Math.max(1, (cellWidth - 8) / 10), tickSize: 0 }),
      Plot.axisY({ label: "↑ На самом деле", lineWidth: Math.max(1, (marginLeft - 14) / 10), tickSize: 0 }),
      Plot.cell(cells, { x: "predicted", y: "actual", fill: outcome, fillOpacity: 0.55, inset: 1, title: (d: (typeof cells)[number]) => `${d.what}: ${formatInt(d.n)} (${formatPercent(d.n / total)})`, tip: true }),
      Plot.text(cells, { x: "predicted", y: "actual", text: (d: (typeof cells)[number]) => `${formatInt(d.n)}\n${d.what}`, fill: "currentColor", fontSize: 13, lineWidth: Math.max(1, (cellWidth - 8) / 13) }),
    ],
  });
}

/** Per-fold CV ROC-AUC of each family's best configuration: the spread behind the mean. */
export function cvSpreadChart(rows: { family: string; folds: number[]; mean: number }[], { width, title }: { width: number; title?: string }) {
  const dots = rows.flatMap((r) => r.folds.map((auc, fold) => ({ family: r.family, auc, fold: fold + 1 })));
  const lo = Math.min(...dots.map((d) => d.auc));
  // The y axis names each family, so the dots need no colour of their own (colours are kept for classes and direction).
  const yAxis = bandAxisY(width, { tickFormat: familyLabel, max: 200 });
  return Plot.plot({
    title,
    width,
    height: 60 + rows.length * yAxis.rowHeight(rows.map((r) => familyLabel(r.family)), 40),
    marginLeft: yAxis.marginLeft,
    x: { label: "ROC-AUC на фолдах кросс-валидации →", domain: [Math.max(0, Math.floor(lo * 20) / 20), 1], tickFormat: (d: number) => formatNumber(d, 2), grid: true },
    y: { label: null, domain: rows.map((r) => r.family) },
    marks: [
      yAxis.axis,
      Plot.dot(dots, { x: "auc", y: "family", fill: MEASURE_COLOR, r: 5, fillOpacity: 0.45, title: (d: (typeof dots)[number]) => `${familyLabel(d.family)}, фолд ${d.fold}: ROC-AUC ${formatNumber(d.auc, 3)}`, tip: true }),
      Plot.tickX(rows, { x: "mean", y: "family", stroke: "currentColor", strokeWidth: 2, title: (d: (typeof rows)[number]) => `среднее ${formatNumber(d.mean, 3)}` }),
    ],
  });
}

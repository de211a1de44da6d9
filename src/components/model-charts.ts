// Model evaluation charts: ROC and PR curves, calibration, confusion matrix at a chosen threshold,
// and the cross-validation spread of the best configuration of each family.

import * as Plot from "npm:@observablehq/plot";
import { CLASS_COLORS, formatInt, formatNumber, formatPercent } from "./format.js";

export const FAMILY_LABELS: Record<string, string> = {
  logistic_regression: "Логистическая регрессия",
  knn: "k ближайших соседей",
  decision_tree: "Дерево решений",
  svc: "Метод опорных векторов",
};
export const familyLabel = (family: string) => FAMILY_LABELS[family] ?? family;
const FAMILY_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"];
export const familyColor = { domain: Object.keys(FAMILY_LABELS), range: FAMILY_COLORS, tickFormat: familyLabel, legend: true } as const;

export function rocChart(points: { fpr: number; tpr: number; threshold: number | null }[], { width, title, auc }: { width: number; title?: string; auc: number }) {
  return Plot.plot({
    title,
    width: Math.min(width, 520),
    height: Math.min(width, 520) * 0.85,
    x: { label: "Доля ложных тревог (FPR) →", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0) },
    y: { label: "↑ Доля найденных «Снизилась» (TPR)", domain: [0, 1], tickFormat: (d: number) => formatPercent(d, 0), grid: true },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: "currentColor", strokeOpacity: 0.3, strokeDasharray: "4,4" }),
      Plot.line(points, { x: "fpr", y: "tpr", stroke: CLASS_COLORS[0], strokeWidth: 2, curve: "step-after" }),
      Plot.dot(points, Plot.pointer({ x: "fpr", y: "tpr", fill: CLASS_COLORS[0], r: 4 })),
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
      Plot.line(points, { x: "recall", y: "precision", stroke: CLASS_COLORS[0], strokeWidth: 2, curve: "step-before" }),
      Plot.dot(points, Plot.pointer({ x: "recall", y: "precision", fill: CLASS_COLORS[0], r: 4 })),
      Plot.tip(points, Plot.pointer({ x: "recall", y: "precision", title: (d: (typeof points)[number]) => `порог ${d.threshold == null ? "—" : formatNumber(d.threshold, 3)}\nточность ${formatPercent(d.precision)}, полнота ${formatPercent(d.recall)}` })),
      Plot.text([`PR-AUC = ${formatNumber(ap, 3)}; случайная модель — ${formatNumber(baseline, 3)}`], { frameAnchor: "bottom-left", dx: 8, dy: -8, fontSize: 13 }),
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
      Plot.line(bins, { x: "mean_predicted", y: "fraction_positive", stroke: CLASS_COLORS[0] }),
      Plot.dot(bins, {
        x: "mean_predicted",
        y: "fraction_positive",
        r: "count",
        fill: CLASS_COLORS[0],
        title: (d: (typeof bins)[number]) => `вероятности ${formatPercent(d.bin_lo, 0)}–${formatPercent(d.bin_hi, 0)}: ${formatInt(d.count)} покупателей\nсредний прогноз ${formatPercent(d.mean_predicted)}, фактически ${formatPercent(d.fraction_positive)}`,
        tip: true,
      }),
    ],
  });
}

export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusionAt(y: readonly number[], p: readonly number[], threshold: number): ConfusionCounts {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const predicted = p[i] >= threshold;
    if (predicted && y[i] === 1) c.tp++;
    else if (predicted) c.fp++;
    else if (y[i] === 1) c.fn++;
    else c.tn++;
  }
  return c;
}

export function confusionChart(c: ConfusionCounts, { width, title }: { width: number; title?: string }) {
  const total = c.tp + c.fp + c.tn + c.fn;
  const cells = [
    { actual: "Снизилась", predicted: "Снизилась", n: c.tp, what: "верно найдены" },
    { actual: "Снизилась", predicted: "Прежний уровень", n: c.fn, what: "пропущены" },
    { actual: "Прежний уровень", predicted: "Снизилась", n: c.fp, what: "ложная тревога" },
    { actual: "Прежний уровень", predicted: "Прежний уровень", n: c.tn, what: "верно спокойны" },
  ];
  const domain = ["Снизилась", "Прежний уровень"];
  return Plot.plot({
    title,
    width: Math.min(width, 460),
    height: 260,
    marginLeft: 120,
    marginBottom: 50,
    x: { domain, label: "Прогноз модели →", axis: "bottom" },
    y: { domain, label: "↑ На самом деле" },
    color: { type: "linear", scheme: "blues", domain: [0, total] },
    marks: [
      Plot.cell(cells, { x: "predicted", y: "actual", fill: "n", inset: 1, title: (d: (typeof cells)[number]) => `${d.what}: ${formatInt(d.n)} (${formatPercent(d.n / total)})`, tip: true }),
      Plot.text(cells, { x: "predicted", y: "actual", text: (d: (typeof cells)[number]) => `${formatInt(d.n)}\n${d.what}`, fill: (d: (typeof cells)[number]) => (d.n > total / 3 ? "white" : "black"), fontSize: 13 }),
    ],
  });
}

/** Per-fold CV ROC-AUC of each family's best configuration: the spread behind the mean. */
export function cvSpreadChart(rows: { family: string; folds: number[]; mean: number }[], { width, title }: { width: number; title?: string }) {
  const dots = rows.flatMap((r) => r.folds.map((auc, fold) => ({ family: r.family, auc, fold: fold + 1 })));
  const lo = Math.min(...dots.map((d) => d.auc));
  return Plot.plot({
    title,
    width,
    height: 60 + rows.length * 40,
    marginLeft: 200,
    x: { label: "ROC-AUC на фолдах кросс-валидации →", domain: [Math.max(0, Math.floor(lo * 20) / 20), 1], tickFormat: (d: number) => formatNumber(d, 2), grid: true },
    y: { label: null, domain: rows.map((r) => r.family), tickFormat: familyLabel },
    color: familyColor,
    marks: [
      Plot.dot(dots, { x: "auc", y: "family", fill: "family", r: 5, fillOpacity: 0.6, title: (d: (typeof dots)[number]) => `${familyLabel(d.family)}, фолд ${d.fold}: ROC-AUC ${formatNumber(d.auc, 3)}`, tip: true }),
      Plot.tickX(rows, { x: "mean", y: "family", stroke: "currentColor", strokeWidth: 2, title: (d: (typeof rows)[number]) => `среднее ${formatNumber(d.mean, 3)}` }),
    ],
  });
}

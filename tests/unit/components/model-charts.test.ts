// What the model charts draw: curves through the given points inside [0, 1] axes, calibration dots at
// (predicted, observed), the confusion matrix shaded by right/wrong (not by count) with the counts
// written in, and the CV spread with one dot per fold.

import { test } from "node:test";
import assert from "node:assert/strict";
import { attr, close, datumIndex, loadCharts, markElements, num, scaleOf, svgOf } from "../../helpers/plot-dom.js";

const { charts, fmt } = await loadCharts(() => import("../../../src/components/model-charts.js"));

/** The vertices of an SVG path made of M/L/H/V commands in absolute coordinates. */
function vertices(d: string): [number, number][] {
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MLHV])([^MLHVZ]*)/g)) {
    const n = args.split(/[ ,]/).filter(Boolean).map(Number);
    if (cmd === "H") x = n[0];
    else if (cmd === "V") y = n[0];
    else [x, y] = n;
    out.push([x, y]);
  }
  return out;
}

test("ROC curve: passes through every point, axes [0, 1], the AUC written in, no class colour", () => {
  const points = [
    { fpr: 0, tpr: 0, threshold: null },
    { fpr: 0.1, tpr: 0.6, threshold: 0.8 },
    { fpr: 0.4, tpr: 0.9, threshold: 0.4 },
    { fpr: 1, tpr: 1, threshold: 0 },
  ];
  const chart = charts.rocChart(points, { width: 520, auc: 0.873 });
  const x = scaleOf(chart, "x");
  const y = scaleOf(chart, "y");
  assert.deepEqual([x.domain, y.domain], [[0, 1], [0, 1]]);
  const curve = markElements(chart, "line").find((l) => attr(l, "stroke-width") === "2")!;
  const drawn = vertices(curve.getAttribute("d")!);
  for (const p of points) {
    assert.ok(drawn.some(([px, py]) => Math.abs(px - x.apply(p.fpr)) < 0.01 && Math.abs(py - y.apply(p.tpr)) < 0.01), `the curve passes through (${p.fpr}, ${p.tpr})`);
  }
  assert.ok(!fmt.CLASS_COLORS.includes(attr(curve, "stroke")!), "a model's curve is not drawn in a class colour");
  assert.match(svgOf(chart).textContent ?? "", /ROC-AUC = 0,873/);
});

test("PR curve: the label fits the frame at 360 px (two lines)", () => {
  const chart = charts.prChart([{ precision: 1, recall: 0, threshold: null }, { precision: 0.5, recall: 1, threshold: 0 }], { width: 360, ap: 0.812, baseline: 0.381 });
  const label = markElements(chart, "text").find((t) => /PR-AUC/.test(t.textContent ?? ""))!;
  const lines = [...label.querySelectorAll("tspan")].map((t) => t.textContent);
  assert.deepEqual(lines, ["PR-AUC = 0,812", "случайная модель — 0,381"]);
  const x = scaleOf(chart, "x");
  const y = scaleOf(chart, "y");
  assert.deepEqual([x.domain, y.domain], [[0, 1], [0, 1]]);
});

test("calibration: one dot per bin at (mean predicted, observed share), sized by count", () => {
  const bins = [
    { mean_predicted: 0.05, fraction_positive: 0.02, count: 300, bin_lo: 0, bin_hi: 0.1 },
    { mean_predicted: 0.55, fraction_positive: 0.3, count: 40, bin_lo: 0.5, bin_hi: 0.6 },
    { mean_predicted: 0.92, fraction_positive: 0.95, count: 120, bin_lo: 0.9, bin_hi: 1 },
  ];
  const chart = charts.calibrationChart(bins, { width: 520 });
  const x = scaleOf(chart, "x");
  const y = scaleOf(chart, "y");
  const dots = markElements(chart, "dot");
  assert.equal(dots.length, 3);
  for (const dot of dots) {
    const b = bins[datumIndex(dot)];
    assert.ok(close(num(dot, "cx"), x.apply(b.mean_predicted), 1e-6) && close(num(dot, "cy"), y.apply(b.fraction_positive), 1e-6), `bin ${b.bin_lo}: at (${b.mean_predicted}, ${b.fraction_positive})`);
  }
  const r = dots.map((d) => ({ count: bins[datumIndex(d)].count, r: num(d, "r") })).sort((a, b) => a.count - b.count);
  assert.ok(r[0].r < r[1].r && r[1].r < r[2].r, "a larger bin draws a larger dot");
});

test("confusion matrix: shaded by right or wrong, never by count; counts written in each cell", () => {
  const c = { tp: 80, fn: 20, fp: 30, tn: 170 };
  const chart = charts.confusionChart(c, { width: 460 });
  const cells = markElements(chart, "cell");
  assert.equal(cells.length, 4);
  const color = scaleOf(chart, "color");
  assert.deepEqual(color.domain, charts.CONFUSION_OUTCOMES);
  const right = String(color.apply(charts.CONFUSION_OUTCOMES[0]));
  const wrong = String(color.apply(charts.CONFUSION_OUTCOMES[1]));
  assert.notEqual(right, wrong);
  const expected = [right, wrong, wrong, right]; // tp, fn, fp, tn
  for (const cell of cells) assert.equal(attr(cell, "fill"), expected[datumIndex(cell)]);
  for (const col of [...fmt.CLASS_COLORS]) assert.ok(![right, wrong].includes(col), "no class colour for right/wrong");
  const texts = markElements(chart, "text").map((t) => t.textContent ?? "");
  for (const [n, what] of [[80, "верно найдены"], [20, "пропущены"], [30, "ложная тревога"], [170, "верно спокойны"]] as const) {
    assert.ok(texts.some((t) => t.includes(String(n)) && t.includes(what)), `the cell says ${n} ${what}`);
  }
  // The same fill for two very different counts of correct predictions: the shading is not by count.
  const a = charts.confusionChart({ tp: 1, fn: 0, fp: 0, tn: 999 }, { width: 460 });
  assert.deepEqual(new Set(markElements(a, "cell").filter((e) => [0, 3].includes(datumIndex(e))).map((e) => attr(e, "fill"))).size, 1);
});

test("CV spread: one dot per fold at its AUC, the mean as a tick, families named on the axis", () => {
  const rows = [
    { family: "knn", folds: [0.81, 0.84, 0.86], mean: 0.8367 },
    { family: "svc", folds: [0.88, 0.9, 0.91], mean: 0.8967 },
  ];
  const chart = charts.cvSpreadChart(rows, { width: 640 });
  const dots = markElements(chart, "dot");
  assert.equal(dots.length, 6);
  const x = scaleOf(chart, "x");
  const flat = rows.flatMap((r) => r.folds);
  for (const dot of dots) assert.ok(close(num(dot, "cx"), x.apply(flat[datumIndex(dot)]), 1e-6));
  assert.ok(Number(x.domain[0]) <= 0.81 && Number(x.domain[1]) >= 0.91, "x domain covers every fold");
  for (const dot of dots) assert.ok(!fmt.CLASS_COLORS.includes(attr(dot, "fill")!), "families are not drawn in class colours");
  const labels = markElements(chart, "y-axis tick label").map((t) => t.textContent);
  assert.deepEqual(labels, ["k ближайших соседей", "Метод опорных векторов"]);
});

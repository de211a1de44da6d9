// What the correlation charts draw: each heatmap cell's colour is its value's, the colour domain covers
// the data, the φK legend is labelled «φK»; on a phone the axes carry numbers with a key; VIF bars run
// from 0 to the VIF and the ones over the threshold are marked.

import { test } from "node:test";
import assert from "node:assert/strict";
import { attr, close, datumIndex, loadCharts, markElements, rectXExtent, scaleOf, svgOf, tickLabels } from "../../helpers/plot-dom.js";

const { charts, fmt } = await loadCharts(() => import("../../../src/components/correlation.js"));

const matrix = {
  columns: ["Покупательская активность", "Страниц_за_визит", "Длительность"],
  matrix: [
    [1, 0.75, 0.1],
    [0.75, 1, null],
    [0.1, null, 1],
  ],
};

test("heatmap: one cell per pair, filled with its value's colour; a missing value is drawn as «—»", () => {
  const chart = charts.correlationHeatmap(matrix, { width: 900 });
  const cells = markElements(chart, "cell");
  const n = matrix.columns.length;
  const color = scaleOf(chart, "color");
  assert.deepEqual(color.domain, [0, 1]);
  for (const cell of cells) {
    const k = datumIndex(cell);
    const value = matrix.matrix[Math.floor(k / n)][k % n];
    assert.ok(value != null, "a missing value draws no coloured cell");
    assert.equal(attr(cell, "fill"), String(color.apply(value)), `cell ${k}: the colour of ${value}`);
  }
  const nulls = matrix.matrix.flat().filter((v) => v == null).length;
  assert.equal(cells.length, n * n - nulls, "every pair with a value has its cell");
  const texts = markElements(chart, "text").map((t) => t.textContent);
  assert.equal(texts.filter((t) => t === "—").length, 2, "both missing cells say «—»");
  assert.ok(texts.includes("0,75"), "values in Russian format");
  assert.deepEqual(tickLabels(chart, "y-axis"), ["Покупательская активность", "Страниц за визит", "Срок с регистрации"]);
  assert.match(chart.textContent ?? "", /φK/, "the legend says φK");
  assert.doesNotMatch(chart.textContent ?? "", /phi_K/, "never the raw phi_K");
});

test("heatmap: a diverging scale for Spearman covers [−1, 1]", () => {
  const chart = charts.correlationHeatmap({ columns: ["a", "b"], matrix: [[1, -0.6], [-0.6, 1]] }, { width: 900, domain: [-1, 1], label: "ρ Спирмена" });
  const color = scaleOf(chart, "color");
  assert.deepEqual(color.domain, [-1, 1]);
  const fills = new Set(markElements(chart, "cell").map((c) => attr(c, "fill")));
  assert.equal(fills.size, 2, "−0,6 and 1 differ in colour");
});

test("heatmap on a phone: numbered axes, a key in the caption, and the chart no wider than the screen", () => {
  const chart = charts.correlationHeatmap(matrix, { width: 360 });
  assert.deepEqual(tickLabels(chart, "x-axis"), ["1", "2", "3"]);
  assert.deepEqual(tickLabels(chart, "y-axis"), ["1", "2", "3"]);
  const caption = chart.querySelector("figcaption")?.textContent ?? "";
  assert.match(caption, /1 — Покупательская активность; 2 — Страниц за визит; 3 — Срок с регистрации/);
  assert.ok(Number(svgOf(chart).getAttribute("width")) <= 360);
});

test("VIF: bars from 0 to the VIF, sorted, the ones over the threshold in the attention colour", () => {
  const vif = { columns: ["Страниц_за_визит", "Длительность", "Ошибка_сервиса"], values: [3, 12, null] };
  const chart = charts.vifChart(vif, { width: 640, threshold: 10 });
  const bars = markElements(chart, "bar");
  assert.equal(bars.length, 3);
  const expected = [
    { column: "Ошибка_сервиса", to: 12, over: true }, // an infinite VIF is drawn at 1.2 × threshold
    { column: "Длительность", to: 12, over: true },
    { column: "Страниц_за_визит", to: 3, over: false },
  ];
  for (const bar of bars) {
    const e = expected[datumIndex(bar)];
    const [x1, x2] = rectXExtent(chart, bar);
    assert.ok(close(x1, 0) && close(x2, e.to), `${e.column}: 0 → ${e.to}, drawn ${x1} → ${x2}`);
    assert.equal(attr(bar, "fill"), e.over ? fmt.ATTENTION_COLOR : fmt.NEUTRAL_COLOR);
  }
  const x = scaleOf(chart, "x");
  assert.ok(Number(x.domain[1]) >= 12);
  assert.deepEqual(tickLabels(chart, "y-axis"), ["Сбои сервиса", "Срок с регистрации", "Страниц за визит"]);
});

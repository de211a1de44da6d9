// What the SHAP charts draw: importance bars from 0 to the mean |SHAP|; a beeswarm row for every feature,
// categorical ones included (grey, since they have no low/high); dependence dots at (value, SHAP); a
// waterfall that walks from the base value to the prediction, in the direction colours, with each shift
// written outside its bar, units kept, the rest summed as «ещё N признаков», and nothing beyond the SVG.

import { test } from "node:test";
import assert from "node:assert/strict";
import { attr, close, datumIndex, loadCharts, markElements, num, rectXExtent, scaleOf, svgOf, tickLabels } from "../../helpers/plot-dom.js";
import type { ShapData } from "../../../src/components/shap-charts.js";

const { charts, fmt } = await loadCharts(() => import("../../../src/components/shap-charts.js"));
const axes = await import("../../../src/components/axes.js");

const shap: ShapData = {
  model: "knn",
  output: "probability",
  base_value: 0.38,
  features: ["Страниц_за_визит", "Популярная_категория", "Акционные_покупки"],
  ids: [101, 102, 103, 104],
  values: [
    [-0.2, 0.05, 0.1],
    [0.15, -0.02, 0.3],
    [0.05, 0.01, -0.1],
    [-0.1, 0.0, 0.02],
  ],
  feature_values: [
    [12, "Книги", 0.1],
    [3, "Игрушки", 0.9],
    [7, "Книги", 0.2],
    [9, "Сад", 0.3],
  ],
};

test("importance: bars from 0 to the mean |SHAP|, not in a class colour", () => {
  const summary = [
    { feature: "Страниц_за_визит", mean_abs: 0.125, share: 0.5 },
    { feature: "Акционные_покупки", mean_abs: 0.1, share: 0.4 },
    { feature: "Популярная_категория", mean_abs: 0.025, share: 0.1 },
  ];
  const chart = charts.importanceChart(summary, { width: 640, output: "probability" });
  const bars = markElements(chart, "bar");
  for (const bar of bars) {
    const s = summary[datumIndex(bar)];
    const [x1, x2] = rectXExtent(chart, bar);
    assert.ok(close(x1, 0) && close(x2, s.mean_abs), `${s.feature}: 0 → ${s.mean_abs}`);
    assert.ok(!fmt.CLASS_COLORS.includes(attr(bar, "fill")!));
  }
  assert.deepEqual(tickLabels(chart, "y-axis"), ["Страниц за визит", "Доля покупок по акции", "Любимая категория"]);
});

test("beeswarm: every feature has its row of dots — the categorical one in grey — at x = SHAP", () => {
  const order = ["Страниц_за_визит", "Популярная_категория", "Акционные_покупки"];
  const chart = charts.beeswarmChart(shap, order, { width: 640 });
  const dots = markElements(chart, "dot");
  assert.equal(dots.length, shap.ids.length * order.length, "one dot per customer and feature");
  const x = scaleOf(chart, "x");
  const y = scaleOf(chart, "y");
  const byRow = new Map<number, string[]>();
  for (const dot of dots) {
    const row = Math.round(Number(y.invert!(num(dot, "cy"))));
    byRow.set(row, [...(byRow.get(row) ?? []), attr(dot, "fill")!]);
  }
  assert.deepEqual([...byRow.keys()].sort(), [0, 1, 2], "no empty row");
  assert.ok(byRow.get(1)!.every((f) => f === fmt.NEUTRAL_COLOR), "the categorical feature's dots are grey");
  for (const row of [0, 2]) assert.ok(byRow.get(row)!.every((f) => f !== fmt.NEUTRAL_COLOR && !fmt.CLASS_COLORS.includes(f)), "numeric features coloured by value, not by class");
  const xs = dots.map((d) => Number(x.invert!(num(d, "cx")))).sort((a, b) => a - b);
  const expected = shap.values.flat().sort((a, b) => a - b);
  xs.forEach((v, i) => assert.ok(close(v, expected[i], 1e-9), `dot at SHAP ${expected[i]}`));
  assert.deepEqual(tickLabels(chart, "y-axis"), ["Страниц за визит", "Любимая категория", "Доля покупок по акции"]);
});

test("dependence: dots at (feature value, SHAP)", () => {
  const chart = charts.dependenceChart(shap, "Страниц_за_визит", "Акционные_покупки", { width: 640 });
  const x = scaleOf(chart, "x");
  const y = scaleOf(chart, "y");
  const dots = markElements(chart, "dot");
  assert.equal(dots.length, 4);
  for (const dot of dots) {
    const i = datumIndex(dot);
    assert.ok(close(num(dot, "cx"), x.apply(shap.feature_values[i][0]), 1e-6) && close(num(dot, "cy"), y.apply(shap.values[i][0]), 1e-6));
  }
});

const twelve = {
  base: 0.3,
  values: [0.2, -0.15, 0.1, -0.05, 0.04, 0.03, -0.02, 0.01, 0.01, -0.01, 0.005, -0.003],
  features: [
    "Страниц_за_визит", "Акционные_покупки", "Неоплаченные_продукты_штук_квартал", "Длительность", "Ошибка_сервиса", "Маркет_актив_6_мес",
    "Маркет_актив_тек_мес", "Средний_просмотр_категорий_за_визит", "Минут_предыдущий_месяц", "Минут_текущий_месяц", "Популярная_категория", "Тип сервиса",
  ],
  featureValues: [3, 0.9, 6, 700, 2, 4.1, 5, 2, 10, 12, "Мелкая бытовая техника и электроника", "премиум"] as (number | string)[],
  output: "probability",
};

for (const width of [1000, 360]) {
  test(`waterfall at ${width} px: walks from the base to the prediction, shifts outside their bars, nothing beyond the SVG`, () => {
    const chart = charts.waterfallChart(twelve, { width, maxBars: 10 });
    const bars = markElements(chart, "bar");
    assert.equal(bars.length, 11, "10 features and the rest");
    const sorted = twelve.features.map((f, j) => ({ f, v: twelve.values[j] })).sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
    const shown = [...sorted.slice(0, 10).map((d) => d.v), sorted.slice(10).reduce((s, d) => s + d.v, 0)];
    let running = twelve.base;
    const drawn = bars.map((b) => ({ k: datumIndex(b), x: rectXExtent(chart, b), fill: attr(b, "fill") })).sort((a, b) => a.k - b.k);
    drawn.forEach((d, k) => {
      const [lo, hi] = [Math.min(running, running + shown[k]), Math.max(running, running + shown[k])];
      assert.ok(close(d.x[0], lo, 1e-9) && close(d.x[1], hi, 1e-9), `bar ${k}: ${lo} → ${hi}`);
      assert.equal(d.fill, shown[k] > 0 ? fmt.DIRECTION_COLORS.raises : fmt.DIRECTION_COLORS.lowers, `bar ${k} in its direction colour`);
      running += shown[k];
    });
    assert.ok(close(running, twelve.base + twelve.values.reduce((s, v) => s + v, 0)), "the walk ends at the prediction");
    const x = scaleOf(chart, "x");
    const svgWidth = Number(svgOf(chart).getAttribute("width"));
    // Each shift label lies outside its bar (on the side the bar grows to) and inside the SVG.
    const shiftTexts = markElements(chart, "text").filter((t) => /п\. п\.$/.test(t.textContent ?? ""));
    assert.equal(shiftTexts.length, 11);
    for (const t of shiftTexts) {
      const k = datumIndex(t);
      const bar = drawn[k];
      const tx = Number(/translate\(([-\d.]+)/.exec(t.getAttribute("transform") ?? "")?.[1] ?? NaN) + Number(t.getAttribute("dx") ?? 0) || num(t, "x");
      const [left, right] = [x.apply(bar.x[0]), x.apply(bar.x[1])];
      const w = (axes.textWidth(t.textContent ?? "") / 100) * 10;
      const anchor = attr(t, "text-anchor");
      const [tl, tr] = anchor === "end" ? [tx - w, tx] : [tx, tx + w];
      assert.ok(tr <= left + 0.5 || tl >= right - 0.5, `«${t.textContent}» is not drawn over its bar`);
      assert.ok(tl >= 0 && tr <= svgWidth, `«${t.textContent}» (${Math.round(tl)}–${Math.round(tr)} px) lies inside the ${svgWidth} px SVG`);
    }
    const all = svgOf(chart).textContent ?? "";
    assert.match(all, /ещё 2 признака/, "the rest is «ещё 2 признака», plural through the one helper");
    assert.doesNotMatch(all, /остальные/);
    if (width < axes.NARROW) {
      assert.match(all, /Срок с регистрации, дней: 700/, "units kept in the label above the bar");
      assert.deepEqual(tickLabels(chart, "y-axis"), [], "no left axis on a phone: labels sit above the bars");
    } else {
      assert.ok(tickLabels(chart, "y-axis").includes("Срок с регистрации, дней: 700"), "units kept in the axis label");
      assert.ok(tickLabels(chart, "y-axis").includes(`Доля покупок по акции: ${fmt.formatPercent(0.9, 0)}`), "a share as a percentage");
    }
  });
}

test("«ещё N признаков» agrees with N", () => {
  assert.equal(fmt.formatCount(1, fmt.FEATURE_FORMS), "1 признак");
  assert.equal(fmt.formatCount(6, fmt.FEATURE_FORMS), "6 признаков");
  assert.equal(fmt.formatCount(61, ["покупатель", "покупателя", "покупателей"]), "61 покупатель");
  assert.equal(fmt.formatCount(22, ["покупатель", "покупателя", "покупателей"]), "22 покупателя");
  assert.equal(fmt.formatCount(11, ["покупатель", "покупателя", "покупателей"]), "11 покупателей");
});

test("waterfall in a column that reports zero width (a page resize): drawn at the narrowest chart width, no bar of negative width", () => {
  const chart = charts.waterfallChart(twelve, { width: 0, maxBars: 10 });
  assert.equal(Number(svgOf(chart).getAttribute("width")), axes.MIN_CHART_WIDTH);
  for (const bar of markElements(chart, "bar")) assert.ok(Number(bar.getAttribute("width")) >= 0, `bar width ${bar.getAttribute("width")}`);
});

test("waterfall axis names what SHAP explains: the model's score before calibration, not the calibrated probability", () => {
  const chart = charts.waterfallChart(twelve, { width: 1000 });
  const labels = [...svgOf(chart).querySelectorAll('g[aria-label="x-axis label"] text')].map((t) => t.textContent);
  assert.deepEqual(labels, ["Оценка модели до калибровки, % →"]);
});

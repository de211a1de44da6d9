// What the EDA charts draw, read back from the SVG: bar extents equal the shares in the data (no
// implicit stacking), axis domains contain the data, and each class is drawn in its own colour.

import { test } from "node:test";
import assert from "node:assert/strict";
import { attr, close, datumIndex, loadCharts, markElements, num, rectXExtent, rectYExtent, scaleOf, svgOf, tickLabels } from "../../helpers/plot-dom.js";
import type { CategoricalExploration, NumericExploration } from "../../../src/analysis/stats/eda.js";
import type { NumericSummary } from "../../../src/analysis/stats/describe.js";

const { charts, fmt } = await loadCharts(() => import("../../../src/components/distributions.js"));

const [DEC, SAME] = ["Снизилась", "Прежний уровень"];
const summary = (mean: number, count: number): NumericSummary =>
  ({ count, mean, std: 1, min: 0, q25: 0, median: mean, q75: 0, max: 0, missing: 0 }) as unknown as NumericSummary;

// Shares chosen so that a stacked drawing differs from an overlaid one in every bin.
const histogram: NumericExploration = {
  column: "Акционные_покупки",
  kind: "continuous",
  overall: summary(0.3, 30),
  byClass: { [DEC]: summary(0.4, 10), [SAME]: summary(0.2, 20) },
  box: {},
  histogram: {
    edges: [0, 0.25, 0.5, 0.75, 1],
    groups: [
      { name: DEC, counts: [1, 2, 3, 4], shares: [0.1, 0.2, 0.3, 0.4] },
      { name: SAME, counts: [10, 6, 3, 1], shares: [0.5, 0.3, 0.15, 0.05] },
    ],
  },
  cohens_d: 0.8,
};

test("histogram: every bar runs from 0 to its class's share (overlaid, never stacked)", () => {
  const chart = charts.histogramByClass(histogram, { width: 640 });
  const rects = markElements(chart, "rect");
  assert.equal(rects.length, 8, "one bar per class and bin");
  const x = scaleOf(chart, "x");
  for (const group of histogram.histogram!.groups) {
    const colour = fmt.CLASS_COLORS[fmt.CLASS_DOMAIN.indexOf(group.name)];
    group.shares.forEach((share, i) => {
      const left = x.apply(histogram.histogram!.edges[i]);
      const rect = rects.find((r) => attr(r, "fill") === colour && Math.abs(num(r, "x") - left) < 1.5);
      assert.ok(rect, `${group.name}, bin ${i}: a bar in ${colour} at the bin's left edge`);
      const [y1, y2] = rectYExtent(chart, rect);
      assert.ok(close(y1, 0, 1e-9), `${group.name}, bin ${i}: bar starts at 0, not at ${y1} (stacked on the other class?)`);
      assert.ok(close(y2, share, 1e-9), `${group.name}, bin ${i}: bar height ${y2} equals the share ${share}`);
    });
  }
  const y = scaleOf(chart, "y");
  const top = Math.max(...histogram.histogram!.groups.flatMap((g) => g.shares));
  assert.ok(Number(y.domain[0]) <= 0 && Number(y.domain[1]) >= top, `y domain ${y.domain} contains [0, ${top}] and no more than the tallest share needs`);
  assert.ok(Number(y.domain[1]) < top + 0.1, `y domain ${y.domain} is not inflated by a stack (sum of shares would need ${0.5 + 0.1})`);
  assert.ok(Number(x.domain[0]) <= 0 && Number(x.domain[1]) >= 1, `x domain ${x.domain} contains the bin edges`);
});

test("discrete bars: the two classes side by side at each value, each from 0 to its share", () => {
  const e: NumericExploration = {
    ...histogram, // the summaries, which the bars do not read
    column: "Ошибка_сервиса",
    kind: "discrete",
    histogram: undefined,
    levels: [
      { value: 0, counts: { [DEC]: 1, [SAME]: 12 }, shares: { [DEC]: 0.1, [SAME]: 0.6 } },
      { value: 1, counts: { [DEC]: 4, [SAME]: 6 }, shares: { [DEC]: 0.4, [SAME]: 0.3 } },
      { value: 2, counts: { [DEC]: 5, [SAME]: 2 }, shares: { [DEC]: 0.5, [SAME]: 0.1 } },
    ],
  };
  const chart = charts.discreteByClass(e, { width: 640 });
  const bars = markElements(chart, "bar");
  assert.equal(bars.length, 6);
  const y = scaleOf(chart, "y");
  const seen = new Set<string>();
  for (const bar of bars) {
    const fill = attr(bar, "fill")!;
    seen.add(fill);
    const name = fmt.CLASS_DOMAIN[fmt.CLASS_COLORS.indexOf(fill)];
    assert.ok(name, `bar colour ${fill} is a class colour`);
    const k = datumIndex(bar);
    const level = e.levels![Math.floor(k / 2)];
    assert.equal(fmt.CLASS_DOMAIN[k % 2], name, "the bar's colour is its own class's");
    const bottom = Number(y.invert!(num(bar, "y") + num(bar, "height")));
    const top = Number(y.invert!(num(bar, "y")));
    assert.ok(close(bottom, 0, 1e-9), `bar of ${name} at ${level.value} starts at 0 (got ${bottom})`);
    assert.ok(close(top, level.shares[name], 1e-9), `bar of ${name} at ${level.value}: ${top} = share ${level.shares[name]}`);
  }
  assert.deepEqual([...seen].sort(), [...fmt.CLASS_COLORS].sort(), "both classes drawn, each in its colour");
  // Side by side: in each facet the two bars do not overlap.
  const byFacet = new Map<string, Element[]>();
  for (const bar of bars) {
    const key = bar.parentElement?.getAttribute("transform") ?? "";
    byFacet.set(key, [...(byFacet.get(key) ?? []), bar]);
  }
  assert.equal(byFacet.size, 3, "one facet per value");
  for (const [, pair] of byFacet) {
    const [a, b] = pair.map((r) => [num(r, "x"), num(r, "x") + num(r, "width")]).sort((p, q) => p[0] - q[0]);
    assert.ok(a[1] <= b[0] + 0.01, "the two bars of a value sit side by side");
  }
  assert.deepEqual(tickLabels(chart, "fx-axis"), ["0", "1", "2"]);
});

test("box plots: boxes span the quartiles, whiskers the Tukey range, per class colour", () => {
  const e: NumericExploration = {
    ...histogram,
    box: {
      [DEC]: { q25: 2, median: 3, q75: 5, low: 1, high: 8, outliers: 1 },
      [SAME]: { q25: 4, median: 6, q75: 7, low: 3, high: 9, outliers: 0 },
    },
  };
  const chart = charts.boxByClass(e, { width: 640 });
  const boxes = markElements(chart, "bar");
  assert.equal(boxes.length, 2);
  for (const box of boxes) {
    const name = fmt.CLASS_DOMAIN[fmt.CLASS_COLORS.indexOf(attr(box, "fill")!)];
    assert.ok(name, "box in a class colour");
    const [lo, hi] = rectXExtent(chart, box);
    assert.ok(close(lo, e.box[name].q25) && close(hi, e.box[name].q75), `${name}: box ${lo}–${hi} = quartiles`);
  }
  const x = scaleOf(chart, "x");
  assert.ok(Number(x.domain[0]) <= 1 && Number(x.domain[1]) >= 9, "x domain contains both whisker ranges");
});

test("category shares: one bar per class and level, from 0 to the share, class colours", () => {
  const e: CategoricalExploration = {
    column: "Популярная_категория",
    overall: { count: 30, levels: [] },
    byClass: {
      [DEC]: { count: 10, levels: [{ level: "Книги", count: 7, share: 0.7 }, { level: "Игрушки", count: 3, share: 0.3 }] } as never,
      [SAME]: { count: 20, levels: [{ level: "Игрушки", count: 15, share: 0.75 }, { level: "Книги", count: 4, share: 0.2 }, { level: "Сад", count: 1, share: 0.05 }] } as never,
    },
    largest_difference: null,
  };
  const chart = charts.categoryByClass(e, { width: 640 });
  const bars = markElements(chart, "bar");
  assert.equal(bars.length, 6, "every level for both classes (a missing level is a zero-width bar)");
  for (const bar of bars) {
    const name = fmt.CLASS_DOMAIN[fmt.CLASS_COLORS.indexOf(attr(bar, "fill")!)];
    const level = ["Игрушки", "Книги", "Сад"][datumIndex(bar)];
    const expected = (e.byClass[name].levels as { level: string; share: number }[]).find((l) => l.level === level)?.share ?? 0;
    const [x1, x2] = rectXExtent(chart, bar);
    assert.ok(close(x1, 0, 1e-9) && close(x2, expected, 1e-9), `${name} · ${level}: ${x1}–${x2} = ${expected}`);
  }
  assert.deepEqual(tickLabels(chart, "y-axis"), ["Игрушки", "Книги", "Сад"]);
});

test("class balance: the two shares fill the bar once, each class in its colour", () => {
  const classes = [
    { name: DEC, count: 40, share: 0.4 },
    { name: SAME, count: 60, share: 0.6 },
  ];
  const chart = charts.classBalanceChart(classes, { width: 640 });
  const bars = markElements(chart, "bar");
  const extents = bars.map((b) => ({ fill: attr(b, "fill"), x: rectXExtent(chart, b) })).sort((a, b) => a.x[0] - b.x[0]);
  assert.deepEqual(extents.map((e) => e.fill), fmt.CLASS_COLORS);
  assert.ok(close(extents[0].x[0], 0) && close(extents[0].x[1], 0.4) && close(extents[1].x[0], 0.4) && close(extents[1].x[1], 1));
});

test("effect sizes: bars from 0 to d, direction coloured by the feature-direction pair, not the class colours", () => {
  const ranking = [
    { column: "Страниц_за_визит", cohens_d: -1.2 },
    { column: "Ошибка_сервиса", cohens_d: 0.4 },
  ];
  const chart = charts.effectSizeChart(ranking, { width: 640, thresholds: { small: 0.2, medium: 0.5, large: 0.8 } });
  const bars = markElements(chart, "bar");
  assert.equal(bars.length, 2);
  for (const bar of bars) {
    const r = ranking[datumIndex(bar)];
    const [x1, x2] = rectXExtent(chart, bar);
    assert.ok(close(Math.min(x1, x2), Math.min(0, r.cohens_d)) && close(Math.max(x1, x2), Math.max(0, r.cohens_d)), `${r.column}: 0 → ${r.cohens_d}`);
    assert.equal(attr(bar, "fill"), r.cohens_d > 0 ? fmt.DIRECTION_COLORS.raises : fmt.DIRECTION_COLORS.lowers);
    assert.ok(!fmt.CLASS_COLORS.includes(attr(bar, "fill")!), "a direction is not drawn in a class colour");
  }
  assert.ok(svgOf(chart).querySelectorAll("text").length > 0);
});

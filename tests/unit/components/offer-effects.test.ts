// What the offer-effects chart draws: per offer, one caption and two rows (training customers, others); the bar spans
// the middle half (q25–q75), the rule 10–90 %, the tick the median, all on one shared x scale.

import { before, test } from "node:test";
import assert from "node:assert/strict";
import { close, datumIndex, installDom, markElements, rectXExtent, scaleOf, svgOf } from "../../helpers/plot-dom.js";

let chart: typeof import("../../../src/components/offer-effects.js");
let doc: Document;
before(async () => {
  doc = installDom();
  chart = await import("../../../src/components/offer-effects.js");
});

const effects = [
  { type: "a", set: "train" as const, count: 40, mean: 0.05, q10: 0.01, q25: 0.02, median: 0.04, q75: 0.07, q90: 0.1 },
  { type: "a", set: "other" as const, count: 12, mean: 0.06, q10: 0.0, q25: 0.03, median: 0.05, q75: 0.08, q90: 0.12 },
  { type: "b", set: "train" as const, count: 7, mean: 0.2, q10: 0.1, q25: 0.15, median: 0.2, q75: 0.25, q90: 0.3 },
];

test("one caption per offer and, under it, a chart whose bars, rules and ticks are the quantiles", () => {
  const figure = chart.offerEffectsChart(effects, { width: 640, titles: { a: "Предложение А", b: "Предложение Б" }, document: doc });
  const captions = [...figure.querySelectorAll(".offer-effects-caption")].map((c) => c.textContent);
  assert.deepEqual(captions, ["Предложение А", "Предложение Б"]);
  const charts = [...figure.children].filter((c) => c.tagName.toLowerCase() === "svg" || c.tagName.toLowerCase() === "figure");
  assert.equal(charts.length, 2, "one chart per offer");
  const byType = [effects.filter((e) => e.type === "a"), effects.filter((e) => e.type === "b")];
  charts.forEach((c, k) => {
    const rows = byType[k];
    const x = scaleOf(c, "x");
    assert.deepEqual(x.domain, [0, 0.3], "every offer shares one x domain, from 0 to the largest q90");
    const bars = markElements(c, "bar");
    assert.equal(bars.length, rows.length);
    for (const bar of bars) {
      const e = rows[datumIndex(bar)];
      const [lo, hi] = rectXExtent(c, bar);
      assert.ok(close(lo, e.q25) && close(hi, e.q75), `${e.type}/${e.set}: bar ${lo}–${hi}, want ${e.q25}–${e.q75}`);
      // The text colour at two strengths, so both boxes stay visible in the dark theme (no fixed greys).
      // Plot leaves the text colour to the chart's own fill="currentColor": no fill on the box or its group.
      assert.equal(bar.getAttribute("fill") ?? bar.parentElement?.getAttribute("fill") ?? svgOf(c).getAttribute("fill"), "currentColor", `${e.type}/${e.set}: box fill`);
      assert.equal(Number(bar.getAttribute("fill-opacity")), e.set === "train" ? 0.25 : 0.5);
    }
    for (const rule of markElements(c, "rule")) {
      const e = rows[datumIndex(rule)];
      assert.ok(close(Number(x.invert!(Number(rule.getAttribute("x1")))), e.q10) && close(Number(x.invert!(Number(rule.getAttribute("x2")))), e.q90));
    }
    for (const tick of markElements(c, "tick")) {
      const e = rows[datumIndex(tick)];
      assert.ok(close(Number(x.invert!(Number(tick.getAttribute("x1")))), e.median), `${e.type}/${e.set}: median tick`);
    }
    assert.ok(svgOf(c));
  });
});

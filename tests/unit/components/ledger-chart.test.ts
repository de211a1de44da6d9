// What the ledger chart draws: for each export, the three outcomes side by side in one bar that adds up
// to the file's raw rows, each outcome in its legend colour.

import { before, test } from "node:test";
import assert from "node:assert/strict";
import { attr, close, datumIndex, installDom, markElements, rectXExtent, scaleOf, tickLabels } from "../../helpers/plot-dom.js";

let ledger: typeof import("../../../src/components/ledger-chart.js");
before(async () => {
  installDom();
  ledger = await import("../../../src/components/ledger-chart.js");
});

const files = [
  { file: "market_file.csv", raw: 1300, kept: 1297, corrected_rows: 40, excluded_rows: 3 },
  { file: "money.csv", raw: 1300, kept: 1296, corrected_rows: 0, excluded_rows: 4 },
];

test("each file's bar is the stack of its outcomes, from 0 to its raw rows, in the legend's colours and order", () => {
  const chart = ledger.ledgerChart(files, { width: 640 });
  const rows = ledger.ledgerRows(files);
  const bars = markElements(chart, "bar");
  const color = scaleOf(chart, "color");
  assert.deepEqual(color.domain, ledger.OUTCOME_DOMAIN);
  for (const f of files) {
    const own = bars.filter((b) => rows[datumIndex(b)].file === f.file);
    const extents = own.map((b) => ({ outcome: rows[datumIndex(b)].outcome, rows: rows[datumIndex(b)].rows, x: rectXExtent(chart, b), fill: attr(b, "fill") }));
    extents.sort((a, b) => a.x[0] - b.x[0]);
    assert.deepEqual(extents.map((e) => e.outcome), ledger.OUTCOME_DOMAIN, `${f.file}: outcomes in the legend's order`);
    assert.ok(close(extents[0].x[0], 0), `${f.file}: the bar starts at 0`);
    for (let i = 0; i < extents.length; i++) {
      assert.ok(close(extents[i].x[1] - extents[i].x[0], extents[i].rows, 1e-9), `${f.file}, ${extents[i].outcome}: width = ${extents[i].rows} rows`);
      if (i > 0) assert.ok(close(extents[i].x[0], extents[i - 1].x[1]), "parts touch, no gap or overlap");
      assert.equal(extents[i].fill, String(color.apply(extents[i].outcome)));
    }
    assert.ok(close(extents.at(-1)!.x[1], f.raw), `${f.file}: the bar ends at the raw rows, ${f.raw}`);
  }
  const fills = new Set(bars.map((b) => attr(b, "fill")));
  assert.equal(fills.size, 3, "three outcomes, three colours");
  assert.deepEqual(tickLabels(chart, "y-axis"), ["market_file.csv", "money.csv"]);
  const x = scaleOf(chart, "x");
  assert.ok(Number(x.domain[1]) >= 1300);
});

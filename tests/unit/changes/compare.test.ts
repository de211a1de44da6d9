// Two generated datasets, one feature shifted on purpose: the comparison flags it major and an untouched one
// none; new / gone / both reconcile with the ids; the previous scores' AUC is rocAuc on the joined customers.

import assert from "node:assert/strict";
import { test } from "node:test";
import { changesSince, compareReports, DEFAULT_SEGMENT, noPreviousReport } from "../../../src/analysis/changes/compare.js";
import type { ModelSnapshot, ReportSnapshot, SnapshotColumn } from "../../../src/analysis/changes/snapshot.js";
import { generateDemoFiles } from "../../../src/analysis/demo/generate.js";
import { rocAuc } from "../../../src/analysis/models/metrics.js";
import { makeRng, shuffleInPlace } from "../../../src/analysis/models/rng.js";
import { POSITIVE_CLASS, type Customer } from "../../../src/analysis/schema.js";
import { CUSTOMER_TABLE_COLUMNS } from "../../../src/analysis/segments/customer-columns.js";
import { segmentOf } from "../../../src/analysis/segments/segments.js";
import { segmentDefaults } from "../../../src/analysis/segments/segment-profile.js";
import { cleanFiles } from "../../helpers/tiny-exports.js";

const SHIFTED = "Длительность";
const UNTOUCHED = "Страниц_за_визит";

/** market_file.csv with `column` moved by `delta` and every `dropEvery`-th customer removed (from all files). */
function exportsOf(seed: number, customers: number, edit: { shift?: number; dropEvery?: number } = {}) {
  const files = generateDemoFiles({ customers, seed });
  const header = files["market_file.csv"].split("\n")[0].split(",");
  const at = header.indexOf(SHIFTED);
  const dropped = new Set<string>();
  const market = files["market_file.csv"].split("\n").map((line, i) => {
    if (i === 0 || line === "") return line;
    const cells = line.split(",");
    if (edit.dropEvery && i % edit.dropEvery === 0) dropped.add(cells[0]);
    if (edit.shift) cells[at] = String(Number(cells[at]) + edit.shift);
    return cells.join(",");
  });
  const keep = (text: string, delimiter: string) =>
    text.split("\n").filter((line) => !dropped.has(line.split(delimiter)[0])).join("\n");
  return cleanFiles({
    market_file: keep(market.join("\n"), ","),
    market_money: keep(files["market_money.csv"], ","),
    market_time: keep(files["market_time.csv"], ","),
    money: keep(files["money.csv"], ";").replaceAll("\n", "\r\n"),
  }).customers;
}

/** A report's snapshot of these customers with probabilities `p`, rows in a shuffled order (as the table's order is not the ids'). */
function snapshotOf(customers: readonly Customer[], p: (c: Customer) => number, seed: number, model: ModelSnapshot): ReportSnapshot {
  const rows = [...customers];
  shuffleInPlace(rows, makeRng(seed));
  const defaults = segmentDefaults(rows);
  const table: Record<string, (number | string)[]> = {};
  for (const [name, [source]] of Object.entries(CUSTOMER_TABLE_COLUMNS)) {
    if (source) table[name] = rows.map((c) => c[source as keyof Customer]);
  }
  table.p = rows.map(p);
  table.segment = rows.map((c) => segmentOf(p(c), c.Прибыль, defaults));
  return { source: { folder: `seed-${seed}`, sha256: String(seed), demo: false }, table: table as Record<string, SnapshotColumn>, defaults, model };
}

/** The test AUC the fake model claims: about what `risk` achieves on these data (0.78). */
const model = (family: string, drivers: string[], test_auc_ci: [number, number] = [0.74, 0.82]): ModelSnapshot => ({
  family,
  cv_auc: 0.78,
  test_auc: 0.78,
  test_auc_ci,
  drivers: drivers.map((feature, i) => ({ feature, share: 0.3 - i * 0.05 })),
});
const risk = (c: Customer) => 1 / (1 + Math.exp(0.45 * (c.Страниц_за_визит - 8) + 0.2 * (c.Средний_просмотр_категорий_за_визит - 3)));

const previousCustomers = exportsOf(11, 1600, { dropEvery: 9 });
const currentCustomers = exportsOf(12, 1700, { shift: 400, dropEvery: 7 });
const previous = snapshotOf(previousCustomers, risk, 1, model("knn", ["Страниц_за_визит", "Акционные_покупки", "Средний_просмотр_категорий_за_визит"]));
const current = snapshotOf(currentCustomers, risk, 2, model("knn", ["Страниц_за_визит", "Средний_просмотр_категорий_за_визит", "Акционные_покупки"]));
const changes = compareReports(previous, current);

test("the shifted feature is flagged major, an untouched one none", () => {
  const byColumn = new Map(changes.drift.map((d) => [d.column, d]));
  assert.equal(byColumn.get(SHIFTED)!.level, "major", JSON.stringify(byColumn.get(SHIFTED)));
  assert.equal(byColumn.get(UNTOUCHED)!.level, "none", JSON.stringify(byColumn.get(UNTOUCHED)));
  assert.equal(changes.drift[0].column, SHIFTED, "the largest PSI comes first");
  for (const d of changes.drift) {
    const sum = (k: "previous" | "current") => d.bins.reduce((s, b) => s + b[k], 0);
    assert.ok(Math.abs(sum("previous") - 1) < 1e-4 && Math.abs(sum("current") - 1) < 1e-4, d.column);
  }
});

test("new, gone and both reconcile with the ids", () => {
  const prev = new Set(previousCustomers.map((c) => c.id));
  const cur = new Set(currentCustomers.map((c) => c.id));
  const both = [...cur].filter((id) => prev.has(id)).length;
  assert.ok(both > 0 && both < cur.size && both < prev.size, "the datasets overlap partly");
  assert.deepEqual(changes.customers, { previous: prev.size, current: cur.size, new: cur.size - both, gone: prev.size - both, both });
  assert.equal(changes.previous_scores.n, both);
  const { segment } = changes.previous_scores;
  assert.equal(segment.in.n + segment.rest.n, both);
  assert.equal(changes.previous_scores.calibration.reduce((s, b) => s + b.count, 0), both);
});

test("the previous scores' AUC is rocAuc of the previous probabilities against the new labels", () => {
  const prevP = new Map(previousCustomers.map((c) => [c.id, risk(c)]));
  const joined = currentCustomers.filter((c) => prevP.has(c.id));
  const direct = rocAuc(joined.map((c) => (c["Покупательская активность"] === POSITIVE_CLASS ? 1 : 0)), joined.map((c) => prevP.get(c.id)!));
  assert.ok(Math.abs(changes.previous_scores.auc! - direct) < 1e-6, `${changes.previous_scores.auc} vs ${direct}`);
  const [lo, hi] = changes.previous_scores.auc_ci!;
  assert.ok(lo < direct && direct < hi);
});

test("segment flow: stayed + left is the previous segment, stayed + entered the current one", () => {
  const f = changes.segment_flow;
  const size = (s: ReportSnapshot) => (s.table.segment as string[]).filter((x) => x === DEFAULT_SEGMENT).length;
  assert.equal(f.stayed.n + f.left.n, size(previous));
  assert.equal(f.stayed.n + f.entered.n, size(current));
  assert.equal(f.previous_size, size(previous));
  const gone = new Set(previousCustomers.map((c) => c.id));
  for (const c of currentCustomers) gone.delete(c.id);
  const prevSeg = new Map((previous.table.id as number[]).map((id, i) => [id, (previous.table.segment as string[])[i]]));
  assert.equal(f.left.gone, [...gone].filter((id) => prevSeg.get(id) === DEFAULT_SEGMENT).length);
});

test("the verdict: same family and drivers, no driver drift, predictions as good: recommendations stand", () => {
  assert.equal(changes.model.family_changed, false);
  assert.equal(changes.model.drivers_changed, false);
  assert.deepEqual(changes.verdict, { changes_recommendations: false, reasons: [] });
  const other = compareReports(previous, { ...current, model: model("logistic", [SHIFTED, "Страниц_за_визит", "Акционные_покупки"]) });
  assert.deepEqual(other.verdict.reasons.map((r) => r.code), ["model_changed", "drivers_changed", "driver_drift"]);
  const overclaimed = compareReports({ ...previous, model: { ...previous.model, test_auc: 0.91, test_auc_ci: [0.88, 0.94] } }, current);
  assert.deepEqual(overclaimed.verdict.reasons.map((r) => r.code), ["predictions_degraded"], "a previous test AUC the new labels do not bear out");
});

test("without a previous report the artifact says so and holds nothing else; demo data and the store's are not compared", () => {
  assert.deepEqual(noPreviousReport(current), { previous: null, current: current.source });
  assert.deepEqual(changesSince(null, current), { previous: null, current: current.source });
  const demo = { ...previous, source: { ...previous.source, demo: true } };
  assert.deepEqual(changesSince(demo, current), { previous: null, current: current.source, not_compared: demo.source });
  assert.deepEqual(changesSince(previous, current), changes);
});

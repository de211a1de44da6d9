// Finding and reading the report to compare with: an analyze --out folder or a built site's published files.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SNAPSHOT_FILES } from "../../../src/analysis/changes/snapshot.js";
import { CUSTOMER_TABLE_COLUMNS, type CustomerTable } from "../../../src/analysis/segments/customer-table.js";
import { customerTableToIpc } from "../../../src/io/arrow.js";
import { findPreviousReport, PreviousReportError, readReport, reportFile } from "../../../src/io/previous-report.js";

const work = mkdtempSync(join(tmpdir(), "previous-report-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Three customers with a value of the right kind in every column of the browser table. */
function table(): CustomerTable {
  const t = {} as CustomerTable;
  for (const [name, [, type]] of Object.entries(CUSTOMER_TABLE_COLUMNS)) {
    t[name as keyof CustomerTable] = [0, 1, 2].map((i) => (type === "category" ? `уровень ${i}` : type === "int" ? 10 + i : 0.1 + i / 10));
  }
  t.id = [501, 502, 503];
  t.activity = ["Снизилась", "Прежний уровень", "Снизилась"];
  t.segment = ["в зоне риска, высокая прибыль", "низкий риск", "низкий риск"];
  t.p = [0.9, 0.2, 0.65];
  return t;
}

const JSONS: Record<string, unknown> = {
  "source.json": { folder: "exports", sha256: "ab".repeat(32), demo: false, files: [] },
  "metrics.json": { chosen: { family: "knn", cv_auc: 0.9, test_auc: 0.91, test_auc_ci: [0.88, 0.94] } },
  "segments.json": { probability: 0.6, profit: 4 },
  "shap_summary.json": { features: [{ feature: "b", mean_abs: 0.1, share: 0.25 }, { feature: "a", mean_abs: 0.3, share: 0.75 }] },
};

function writeReport(dir: string, published: boolean) {
  const folder = published ? join(dir, "_file", "data") : dir;
  mkdirSync(folder, { recursive: true });
  const name = (file: string) => (published ? file.replace(/\.(\w+)$/, ".0123abcd.$1") : file);
  writeFileSync(join(folder, name("customers.arrow")), customerTableToIpc(table()));
  for (const [file, value] of Object.entries(JSONS)) writeFileSync(join(folder, name(file)), JSON.stringify(value));
}

const out = join(work, "out");
const site = join(work, "site");
writeReport(out, false);
writeReport(site, true);

test("report files are found in an analyze folder and under a built site's hashed names", () => {
  for (const file of SNAPSHOT_FILES) {
    assert.equal(reportFile(out, file), join(out, file));
    assert.match(reportFile(site, file)!, new RegExp(`_file/data/${file.replace(/\.(\w+)$/, "\\.0123abcd\\.$1")}$`));
  }
  assert.equal(reportFile(work, "metrics.json"), null);
});

test("the previous report: PREVIOUS_REPORT when set (and it must be a report), none when asked, else a complete dist", () => {
  assert.equal(findPreviousReport({ PREVIOUS_REPORT: out }), out);
  assert.equal(findPreviousReport({ PREVIOUS_REPORT: "none", REPORT_DIST: site }), null);
  assert.throws(() => findPreviousReport({ PREVIOUS_REPORT: join(work, "missing") }), PreviousReportError);
  assert.throws(() => findPreviousReport({ PREVIOUS_REPORT: work }), /is not a report: customers\.arrow, source\.json, metrics\.json, segments\.json, shap_summary\.json not found/);
  assert.equal(findPreviousReport({ REPORT_DIST: site }), site);
  assert.equal(findPreviousReport({ REPORT_DIST: work }), null, "a folder without a complete report is no previous report");
  assert.equal(findPreviousReport({ REPORT_DIST: join(work, "nothing-here") }), null);
});

test("a report reads back into a snapshot: categories as strings, float32 numbers widened, drivers by mean |SHAP|", async () => {
  for (const dir of [out, site]) {
    const s = await readReport(dir);
    assert.deepEqual(Array.from(s.table.id as ArrayLike<number>), [501, 502, 503]);
    assert.deepEqual(s.table.activity, ["Снизилась", "Прежний уровень", "Снизилась"]);
    assert.deepEqual(Array.from(s.table.p as ArrayLike<number>), [0.9, 0.2, 0.65].map(Math.fround));
    assert.equal(s.source.folder, "exports");
    assert.deepEqual(s.defaults, { probability: 0.6, profit: 4 });
    assert.deepEqual(s.model.drivers.map((d) => d.feature), ["a", "b"]);
    assert.equal(s.model.family, "knn");
  }
});

// Hostile numbers, implausible values, tiny data, high-cardinality categories, ids written differently and
// copied customers (issue 18 items 3, 4, 8, 9, 10; issue 14 "copied records"), each on tiny exports built in code.

import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../../src/analysis/ingest/errors.js";
import { decodeUtf8 } from "../../../src/analysis/ingest/decode.js";
import { EXPORT_NAMES, EXPORT_SPECS, type ExportName } from "../../../src/analysis/ingest/exports.js";
import { runDescriptiveStages } from "../../../src/analysis/pipeline.js";
import { LEDGER_EXAMPLES } from "../../../src/analysis/clean/ledger.js";
import { MAX_LEVELS, POOLED_LEVEL } from "../../../src/analysis/clean/levels.js";
import { Preprocessor } from "../../../src/analysis/models/preprocess.js";
import { cleanFiles, replaceLine, setCell, tinyExports, type ExportFiles } from "../../helpers/tiny-exports.js";

const edit = (files: ExportFiles, name: ExportName, change: (text: string) => string): ExportFiles => ({ ...files, [name]: change(files[name]) });

function assertInputError(files: ExportFiles, expected: { file: string; line?: number; column?: string; value?: RegExp; message: RegExp }) {
  assert.throws(
    () => cleanFiles(files),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${error}`);
      assert.equal(error.file, expected.file);
      if (expected.line !== undefined) assert.equal(error.line, expected.line);
      if (expected.column !== undefined) assert.equal(error.column, expected.column);
      if (expected.value) assert.match(error.value ?? "", expected.value);
      assert.match(error.message, expected.message);
      assert.ok(error.message.length < 600);
      return true;
    },
  );
}

// ── 18.3: numbers beyond double range or not exactly representable ──────────────────────────────────────────

test("a 401-digit profit is an error naming file, line, column and value", () => {
  assertInputError(edit(tinyExports(40), "money", (t) => setCell(t, 5, "Прибыль", "9".repeat(401), ";")), {
    file: "money.csv",
    line: 5,
    column: "Прибыль",
    value: /^9{401}$/,
    message: /money\.csv, line 5, column "Прибыль": found "9{40,}…" \(401 characters\); expected a number a double stores exactly/,
  });
});

test("1e400 and a 20-digit revenue are errors; so is a fraction with more digits than a double keeps", () => {
  assertInputError(edit(tinyExports(40), "money", (t) => setCell(t, 3, "Прибыль", "1e400", ";")), { file: "money.csv", line: 3, column: "Прибыль", value: /1e400/, message: /expected a number/ });
  assertInputError(edit(tinyExports(40), "market_money", (t) => setCell(t, 4, "Выручка", "12345678901234567890.5")), { file: "market_money.csv", line: 4, column: "Выручка", message: /stores exactly/ });
  assertInputError(edit(tinyExports(40), "market_file", (t) => setCell(t, 2, "Маркет_актив_6_мес", "3.12345678901234567")), { file: "market_file.csv", line: 2, column: "Маркет_актив_6_мес", message: /stores exactly/ });
});

test("123456789012345678901.0 in an integer column is an error, not a rounded number", () => {
  assertInputError(edit(tinyExports(40), "market_file", (t) => setCell(t, 7, "Длительность", "123456789012345678901.0")), {
    file: "market_file.csv",
    line: 7,
    column: "Длительность",
    value: /123456789012345678901\.0/,
    message: /a whole number a double stores exactly/,
  });
  assertInputError(edit(tinyExports(40), "market_time", (t) => setCell(t, 3, "минут", "99999999999999999999")), { file: "market_time.csv", line: 3, column: "минут", message: /stores exactly/ });
});

// ── 18.4: plausibility of money and time columns ──────────────────────────────────────────────────────────

test("profit 1e300 (written out) is caught and its customer excluded with a reason", () => {
  const r = cleanFiles(edit(tinyExports(40), "money", (t) => setCell(t, 6, "Прибыль", "1" + "0".repeat(300), ";")));
  const profit = r.ledger.plausibility.find((p) => p.column === "Прибыль")!;
  assert.equal(profit.caught_count, 1);
  assert.deepEqual(profit.caught, [{ id: 100005, period: null, from: 1e300, to: null }]);
  assert.equal(r.customers.find((c) => c.id === 100005), undefined);
  assert.deepEqual(r.ledger.customers.excluded.map((e) => [e.id, e.code]), [[100005, "implausible_value"]]);
  assert.ok(r.customers.every((c) => c.Прибыль < 100));
});

test("a customer with 999 999 in all three revenue months is caught (the rule works per value, not across the customer's months)", () => {
  const files = edit(tinyExports(40), "market_money", (t) => t.replace(/^100009,(\S+?),[\d.]+$/gm, "100009,$1,999999.0"));
  const r = cleanFiles(files);
  const revenue = r.ledger.plausibility.find((p) => p.column === "Выручка")!;
  assert.equal(revenue.caught_count, 3);
  assert.equal(revenue.excluded_customers, 1);
  assert.equal(r.customers.find((c) => c.id === 100009), undefined);
  assert.deepEqual(r.ledger.customers.excluded[0], { id: 100009, code: "implausible_value", column: "Выручка", values: [999999, 999999, 999999], upper_limit: revenue.upper_limit });
  assert.equal(r.ledger.files.market_money.excluded_by_code.implausible_value, 3);
});

test("when most revenues are equal (MAD = 0) the rule falls back to another scale instead of switching off", () => {
  let t = tinyExports(40).market_money;
  for (let line = 2; line <= 121; line++) if (line % 5 !== 0) t = setCell(t, line, "Выручка", "5000.0");
  t = setCell(t, 8, "Выручка", "106862.2"); // customer 100003, текущий_месяц
  const r = cleanFiles({ ...tinyExports(40), market_money: t });
  const revenue = r.ledger.plausibility.find((p) => p.column === "Выручка")!;
  assert.equal(revenue.mad, 0);
  assert.notEqual(revenue.scale_method, "mad");
  assert.ok(revenue.scale > 0 && Number.isFinite(revenue.upper_limit));
  assert.deepEqual(revenue.caught.map((c) => [c.id, c.from]), [[100003, 106862.2]]);
  assert.equal(r.customers.find((c) => c.id === 100003)!.Выручка_текущий_месяц, 5000);
});

test("an implausible minute count is replaced by the customer's other month, and recorded", () => {
  const r = cleanFiles(edit(tinyExports(40), "market_time", (t) => setCell(t, 4, "минут", "100000")));
  const minutes = r.ledger.plausibility.find((p) => p.column === "минут")!;
  assert.deepEqual(minutes.caught, [{ id: 100002, period: "текущий_месяц", from: 100000, to: 13 }]);
  assert.equal(r.customers.find((c) => c.id === 100002)!.Минут_текущий_месяц, 13);
  assert.ok(r.ledger.files.market_time.corrected.some((g) => g.column === "минут" && g.from === "100000" && g.to === "13"));
});

// ── 18.8: tiny or degenerate data ─────────────────────────────────────────────────────────────────────────

function descriptive(files: ExportFiles) {
  const texts = Object.fromEntries(EXPORT_NAMES.map((n) => [n, decodeUtf8(EXPORT_SPECS[n].fileName, new TextEncoder().encode(files[n]))])) as Record<ExportName, ReturnType<typeof decodeUtf8>>;
  return runDescriptiveStages({ texts });
}

test("3 or 12 customers, or one class only, stop right after cleaning with one sentence naming the counts", async () => {
  for (const [files, counts] of [
    [tinyExports(3), /3 customers left after cleaning: 1 «Снизилась», 2 «Прежний уровень»/],
    [tinyExports(12), /12 customers left after cleaning: 4 «Снизилась», 8 «Прежний уровень»/],
    [edit(tinyExports(60), "market_file", (t) => t.replaceAll("Прежний уровень", "Снизилась")), /60 customers left after cleaning: 60 «Снизилась», 0 «Прежний уровень»/],
  ] as const) {
    await assert.rejects(
      descriptive(files),
      (e: unknown) => e instanceof InputError && e.file === "market_file.csv" && counts.test(e.message) && /at least 10 customers of each class/.test(e.message) && !e.message.includes("\n"),
    );
  }
  assert.equal((await descriptive(tinyExports(30))).customers.length, 30); // 10 and 20: enough
});

// ── 18.9: high-cardinality categories ─────────────────────────────────────────────────────────────────────

test("every customer in its own category: rare levels are pooled into «другое», so the levels stay bounded", () => {
  const n = 3000;
  let t = tinyExports(n).market_file;
  t = t.split("\n").map((l, i) => (i === 0 || !l ? l : setCell(`h\n${l}`.replace(/^h/, t.split("\n")[0]), 2, "Популярная_категория", `Категория ${i}`).split("\n")[1])).join("\n");
  const started = performance.now();
  const r = cleanFiles({ ...tinyExports(n), market_file: t });
  const levels = new Set(r.customers.map((c) => c.Популярная_категория));
  assert.deepEqual([...levels], [POOLED_LEVEL]);
  assert.ok(levels.size <= MAX_LEVELS);
  assert.equal(r.ledger.pooled_levels?.levels, n);
  assert.equal(r.ledger.pooled_levels?.customers, n);
  assert.equal(r.ledger.pooled_levels?.examples.length, LEDGER_EXAMPLES);
  assert.deepEqual(r.ledger.new_levels, []);
  assert.ok(r.ledger.files.market_file.notes.length < 5, "one note for the pooling, not one per level");
  assert.ok(performance.now() - started < 5000);
  // What the model search sees: as many columns as with the catalogue's categories, not one per customer.
  const width = new Preprocessor({ scaler: "standard" }).fit(r.customers).featureNames().length;
  const usual = new Preprocessor({ scaler: "standard" }).fit(cleanFiles(tinyExports(40)).customers).featureNames().length;
  assert.ok(width <= usual, `${width} model features for ${n} categories`);
});

// ── 18.10: ids written differently, unknown ids, a bounded ledger ─────────────────────────────────────────

test("an id written with leading zeros where market_file writes it without is an error naming both spellings", () => {
  assertInputError(edit(tinyExports(40), "money", (t) => t.replace("\r\n100007;", "\r\n0100007;")), {
    file: "money.csv",
    line: 8,
    column: "id",
    value: /^0100007$/,
    message: /expected the id written as in market_file\.csv, "100007" \(line 8\)/,
  });
  // The same padding everywhere is one consistent spelling: accepted.
  const padded = Object.fromEntries(Object.entries(tinyExports(40)).map(([k, v]) => [k, v.replace(/^1000/gm, "0001000")])) as ExportFiles;
  assert.equal(cleanFiles(padded).customers.length, 40);
});

test("rows of ids unknown to market_file get the same 5 % limit as incomplete customers", () => {
  const extra = Array.from({ length: 3 }, (_, i) => `${900001 + i},текущий_месяц,5\n`).join("");
  assertInputError(edit(tinyExports(40), "market_time", (t) => t + extra), { file: "market_time.csv", line: 82, column: "id", value: /3 ids not in market_file\.csv \(first: 900001\)/, message: /at most 5% unknown ids/ });
  assert.equal(cleanFiles(edit(tinyExports(40), "market_time", (t) => t + extra.split("\n")[0] + "\n")).ledger.files.market_time.excluded_by_code.unknown_id, 1);
});

test("the ledger stays small: counts by reason are complete, rows are the first few examples of each", () => {
  const files = tinyExports(400);
  const r = cleanFiles({
    ...files,
    market_money: files.market_money + files.market_money.split("\n").slice(1).join("\n"), // every row twice
    market_file: files.market_file.replace(/,(\d)\.(\d),/g, ',"$1,$2",'), // 400 decimal commas, 8 distinct values… and more
  });
  const money = r.ledger.files.market_money;
  assert.equal(money.excluded_rows, 1200);
  assert.deepEqual(money.excluded_by_code, { duplicate_row: 1200 });
  assert.equal(money.excluded.length, LEDGER_EXAMPLES);
  assert.equal(money.raw, money.kept + money.excluded_rows);
  for (const g of r.ledger.files.market_file.corrected) assert.ok(g.rows.length <= LEDGER_EXAMPLES);
  assert.ok(JSON.stringify(r.ledger).length < 40_000, `ledger is ${JSON.stringify(r.ledger).length} characters`);
});

// ── 14.5: copied records ──────────────────────────────────────────────────────────────────────────────────

/** 40 customers; 100040 and 100039 copy 100001 and 100002 under their own ids (profit differs for the first). */
export function exportsWithCopies(n = 40): ExportFiles {
  const files = tinyExports(n);
  const copy = (text: string, from: number, to: number, eol = "\n") =>
    text
      .split(eol)
      .filter((l) => !l.startsWith(`${to},`) && !l.startsWith(`${to};`))
      .concat(text.split(eol).filter((l) => l.startsWith(`${from},`) || l.startsWith(`${from};`)).map((l) => l.replace(String(from), String(to))))
      .filter((l) => l !== "")
      .join(eol) + eol;
  let { market_file, market_money, market_time, money } = files;
  for (const [from, to] of [[100001, n + 100000], [100002, n + 99999]]) {
    market_file = copy(market_file, from, to);
    market_money = copy(market_money, from, to);
    market_time = copy(market_time, from, to);
  }
  money = replaceLine(money, 3, (l) => l); // profits stay each customer's own
  return { market_file, market_money, market_time, money };
}

test("customers copying another one are found and listed with the id they copy", () => {
  const r = cleanFiles(exportsWithCopies());
  assert.equal(r.customers.length, 40);
  const d = r.ledger.duplicate_customers;
  assert.equal(d.count, 2);
  assert.equal(d.groups, 2);
  assert.deepEqual(d.rows, [
    { code: "duplicate_customer", id: 100039, copy_of: 100002, profit_differs: true },
    { code: "duplicate_customer", id: 100040, copy_of: 100001, profit_differs: true },
  ]);
  assert.deepEqual(r.ledger.files.market_file.notes, [{ code: "duplicate_customers", count: 2 }]);
  assert.equal(cleanFiles(tinyExports(40)).ledger.duplicate_customers.count, 0);
});
